// A run's curves as TensorBoard reads them: every metrics.jsonl record
// (step, eval, prune) becomes one Event of scalars in <run>/tb/, written as
// the record is, so a TensorBoard pointed at the runs folder follows a run
// live; and the same from metrics.jsonl for runs made before tb/ existed.
#pragma once

#include "io/event_file.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace sa {

// The scalars of one metrics.jsonl record, TensorBoard tags grouped by
// section: train/{loss,learning_rate,grad_norm,clip_coefficient,tokens_per_s};
// eval/{loss,<every metric>,tokens_per_s}; pruning/{density,target_density}
// and pruning/layer_density/<layer>. Nulls (NaN) and unknown types give none.
std::vector<TensorBoardScalar> tensorboardScalars(const nlohmann::json& record);

class RunTensorBoard {
public:
    // Writes into `directory` (a run's tb/). `resumedAt` >= 0: the run goes
    // on from a checkpoint at that step, whose history is `kept` (metrics.jsonl
    // cut at the checkpoint), so the records the files of earlier sessions
    // hold beyond it are dropped (they are about to be redone: later steps,
    // and evaluations or pruning rounds at that step that `kept` lacks), and
    // this session writes a new file.
    RunTensorBoard(const std::string& directory, int64_t resumedAt, const std::vector<nlohmann::json>& kept = {});

    // The record's scalars at its step, stamped now; flushed after
    // evaluations and pruning rounds, which a watcher waits for.
    void add(const nlohmann::json& record);
    void flush();

    const std::string& path() const { return writer_.path(); }

private:
    EventFileWriter writer_;
};

// What to run to watch `logdir` (a runs folder, or a run's tb/) in
// TensorBoard: `tensorboard --logdir '<logdir>'`, quoted for the shell.
std::string tensorboardCommand(const std::string& logdir);

// Writes the records of `runFolder`'s metrics.jsonl into a new event file in
// `directory`; wall times are the run's start (config.json's modification
// time) plus each record's training seconds. Returns the file's path.
// Throws sa::Error naming the file and line of a malformed record.
std::string exportRunTensorBoard(const std::string& runFolder, const std::string& directory);

} // namespace sa
