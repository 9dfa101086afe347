// The subcommands of the headless CLI. Each takes its arguments after the
// subcommand name, prints to stdout, and returns the process exit code;
// core's sa::Error is turned into one line on stderr by main().
#pragma once

#include <string>
#include <vector>

namespace sa {
class Communicator;
class Experiment;
} // namespace sa

namespace sa::cli {

using Args = std::vector<std::string>;

// Trains `experiment` to its end with the progress display; Ctrl-C or
// SIGTERM stops it at a checkpoint (exit status 130). Ranks other than 0 of
// a data-parallel run print nothing: rank 0 speaks for the run (and alone
// writes its folder).
int trainToEnd(Experiment& experiment, const Communicator* ranks = nullptr);

// `run --demo fusion [--set KEY=VALUE ...]`: the AdapterFusion demo's runs
// (experiment/fusion_demo.h), each override applied to every run.
int runFusionDemo(const std::vector<std::string>& overrides);

int inspect(const Args& args);
int benchForward(const Args& args);
int demo(const Args& args);
int verify(const Args& args);
int prune(const Args& args);
int benchPrune(const Args& args);
int run(const Args& args);
int resume(const Args& args);
int benchTrain(const Args& args);
int benchEpoch(const Args& args);
int exportRuns(const Args& args);
int exportAdapter(const Args& args);
int score(const Args& args);
int benchQaFeatures(const Args& args);
int generate(const Args& args);
int benchGenerate(const Args& args);
int sweep(const Args& args);
int benchSweep(const Args& args);
int report(const Args& args);
int benchDataParallel(const Args& args);

} // namespace sa::cli
