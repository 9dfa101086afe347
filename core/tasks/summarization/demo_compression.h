// The built-in summarization demo: sentence compression generated from
// templates from a fixed seed ("anna the baker from rome fed the black cat
// on a sunny day ." → "anna fed the cat ."), every word a whole token of the
// built-in BART's vocabulary (model/demo_bart.h), so a tiny model learns it
// in well under two minutes on 2 cores.
#pragma once

#include "tasks/summarization/summarization_dataset.h"

#include <string>
#include <vector>

namespace sa {

// "train" (1,600 pairs) or "dev" (120 pairs, other seeds); throws sa::Error otherwise.
std::vector<SummarizationExample> demoCompressionExamples(const std::string& split);

// Every word the corpus uses, for the demo vocabulary.
std::vector<std::string> demoCompressionWords();

} // namespace sa
