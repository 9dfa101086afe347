#include "tasks/task.h"

namespace sa {

bool runEvaluationBatches(LanguageModelImpl& model, const EvalContext& context, int64_t batches, int64_t totalRows,
                          const std::function<Batch(int64_t)>& batchAt,
                          const std::function<void(const Batch&, const ModelOutput&)>& take, TaskEvaluation& result) {
    double lossSum = 0.0;
    int64_t lossRows = 0, rows = 0;
    for (int64_t i = 0; i < batches; ++i) {
        const auto batch = batchAt(i).to(context.device);
        const auto out = model.forward(batch);
        const auto n = batch.input_ids.size(0);
        if (out.loss.defined()) {
            lossSum += out.loss.item<double>() * static_cast<double>(n);
            lossRows += n;
        }
        take(batch, out);
        rows += n;
        result.positions += batch.input_ids.numel();
        if (context.progress && !context.progress(rows, totalRows)) {
            result.complete = false;
            return false;
        }
    }
    if (lossRows > 0) result.loss = lossSum / static_cast<double>(lossRows);
    return true;
}

} // namespace sa
