#include "sparsity/budget_table.h"

#include "sparsity/density.h"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <vector>

namespace sa {
namespace {

// Columns padded to their widest cell; the first column left-aligned, the
// numbers right-aligned.
class TextTable {
public:
    explicit TextTable(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }

    std::string render(const std::string& indent) const {
        std::vector<std::size_t> width;
        for (const auto& r : rows_)
            for (std::size_t c = 0; c < r.size(); ++c) {
                if (width.size() <= c) width.push_back(0);
                width[c] = std::max(width[c], r[c].size());
            }
        std::ostringstream o;
        for (const auto& r : rows_) {
            std::string line = indent;
            for (std::size_t c = 0; c < r.size(); ++c) {
                const std::string pad(width[c] - r[c].size(), ' ');
                line += c == 0 ? r[c] + pad : "  " + pad + r[c];
            }
            while (!line.empty() && line.back() == ' ')
                line.pop_back();
            o << line << '\n';
        }
        return o.str();
    }

private:
    std::vector<std::vector<std::string>> rows_;
};

std::string fixed(double value, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

std::string percent(const ParameterBudget& b, int64_t n) {
    return fixed(b.percentOfBackbone(n), 3) + "%";
}

std::string width(const LargeSparseRow& r) {
    if (r.attnBn > 0 && r.ffnBn > 0 && r.attnBn != r.ffnBn)
        return std::to_string(r.attnBn) + "/" + std::to_string(r.ffnBn);
    return std::to_string(std::max(r.attnBn, r.ffnBn));
}

} // namespace

std::string groupThousands(int64_t n) {
    const std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

std::string formatBudget(const ParameterBudget& b, const std::string& title) {
    std::ostringstream o;
    o << "adapter budget: " << title << " (density " << fixed(b.density, 4) << " = sparsity "
      << fixed(sparsityFromDensity(b.density), 4) << ")\n";
    TextTable t({"", "parameters", "% of backbone"});
    t.add({"backbone (frozen)", groupThousands(b.backbone), percent(b, b.backbone)});
    t.add({b.trainHead ? "task head (trained)" : "task head (frozen)", groupThousands(b.head), percent(b, b.head)});
    const auto& fused = b.fusedSources;
    if (fused.count > 0) {
        // A fusion run: the sources' adapters are frozen; what trains below is the fusion layers.
        t.add({"fused source adapters, frozen (" + std::to_string(fused.count) + " runs)",
               groupThousands(fused.parameters()), percent(b, fused.parameters())});
        t.add({"  weights kept by their masks", groupThousands(fused.weightsKept), percent(b, fused.weightsKept)});
        t.add({"  non-zeros", groupThousands(fused.nonZeros()), percent(b, fused.nonZeros())});
    }
    t.add({std::string(fused.count > 0 ? "fusion query/key/value weights" : "adapter weights") + ", prunable (" +
               std::to_string(b.maskedTensors) + " tensors)",
           groupThousands(b.adapterWeights), percent(b, b.adapterWeights)});
    t.add({"  kept at density " + fixed(b.density, 4), groupThousands(b.adapterWeightsKept),
           percent(b, b.adapterWeightsKept)});
    t.add({fused.count > 0 ? "fusion query/key biases (never pruned)" : "adapter biases + LayerNorms (never pruned)",
           groupThousands(b.biasesAndNorms), percent(b, b.biasesAndNorms)});
    t.add({"prefix networks (never pruned)", groupThousands(b.prefix), percent(b, b.prefix)});
    t.add({"adapter parameters, dense", groupThousands(b.adapterParameters()), percent(b, b.adapterParameters())});
    t.add({"adapter non-zeros", groupThousands(b.adapterNonZeros()), percent(b, b.adapterNonZeros())});
    t.add({"trainable, dense", groupThousands(b.trainable()), percent(b, b.trainable())});
    t.add({"trainable, non-zero", groupThousands(b.effectiveTrainable()), percent(b, b.effectiveTrainable())});
    t.add({"total (backbone + head + adapters)", groupThousands(b.total()), percent(b, b.total())});
    o << t.render("  ");

    if (!b.sites.empty() || b.prefix > 0) {
        TextTable s({fused.count > 0 ? "source site (per layer <i>, per source)" : "site (per layer <i>)", "count", "d",
                     "width", "prunable", "biases+norms"});
        for (const auto& site : b.sites)
            s.add({site.module + (site.kind == SiteKind::Lora ? " (LoRA A/B)"
                                  : site.layerNorm            ? " (+LayerNorm)"
                                                              : ""),
                   std::to_string(site.count), std::to_string(site.dModel), std::to_string(site.bottleneck),
                   groupThousands(site.prunableWeights()), groupThousands(site.biasesAndNorms())});
        const auto& p = b.prefixNetwork;
        if (b.prefix > 0)
            s.add({"prompt_model (prefix " + std::to_string(p.length) + ", mid_dim " + std::to_string(p.midDim) + ", " +
                       std::to_string(p.copies) + " sub-networks)",
                   std::to_string(p.copies), std::to_string(p.dModel), std::to_string(p.length), "0",
                   groupThousands(p.parameters())});
        o << '\n' << s.render("  ");
    }
    for (const auto& note : b.notes)
        o << "  note: " << note << '\n';
    return o.str();
}

std::string formatPlan(const LargeSparsePlan& plan, const std::string& title, int highlightK) {
    std::ostringstream o;
    o << "Large-Sparse plan: " << title
      << " (k-wide bottleneck, sparsity 1 - 1/k; non-zeros = kept weights + biases/norms + prefix)\n";
    TextTable t({"", "k", "bottleneck", "sparsity", "density", "dense params", "prunable", "kept", "biases+norms",
                 "prefix", "non-zeros", "x base"});
    auto add = [&](const LargeSparseRow& r, const std::string& label) {
        const bool mark = highlightK > 0 && r.k == highlightK;
        t.add({mark ? "=>" : "", label, width(r), fixed(r.sparsity, 4), fixed(r.density, 4), groupThousands(r.nominal),
               groupThousands(r.prunableWeights), groupThousands(r.keptWeights), groupThousands(r.biasesAndNorms),
               groupThousands(r.prefix), groupThousands(r.nonZeros), fixed(r.ratioToBase, 4)});
    };
    add(plan.base, "base");
    for (const auto& r : plan.rows)
        add(r, std::to_string(r.k));
    o << t.render("  ");
    for (const auto& note : plan.notes)
        o << "  note: " << note << '\n';
    return o.str();
}

} // namespace sa
