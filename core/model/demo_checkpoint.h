// The built-in demo checkpoint: a small BERT-style model with the project's
// own vocabulary and weights drawn from a fixed seed, written as an ordinary
// HuggingFace directory so the app exercises the same loading path as for a
// real checkpoint, with nothing to download.
#pragma once

#include "io/model_config.h"

#include <string>
#include <vector>

namespace sa {

// The demo's config.json as written (no weights: what the budget and the
// form's checks need before anything is loaded).
ModelConfig demoModelConfig();

// Writes config.json, model.safetensors, vocab.txt and tokenizer_config.json
// into `directory` (created if needed; files replaced atomically).
void writeDemoCheckpoint(const std::string& directory);

// The demo's WordPiece vocabulary, in id order (vocab.txt line by line):
// [PAD] (id 0), [UNK] (id 1), [CLS], [SEP], [MASK], then punctuation and
// lower-case sentiment words, then the question-answering demo's words.
const std::vector<std::string>& demoVocabulary();

// A few sentences in the demo vocabulary, for the headless demo.
std::vector<std::string> demoSentences();

} // namespace sa
