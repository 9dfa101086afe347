// The built-in BART for the summarization demo: a tiny encoder-decoder with
// a byte-level BPE vocabulary of its own (every byte, plus one token for
// each demo word with its leading space, built by merges) and weights drawn
// from a fixed seed, written as an ordinary HuggingFace directory
// (config.json, model.safetensors, vocab.json, merges.txt, tokenizer files).
#pragma once

#include "io/model_config.h"

#include <string>

namespace sa {

ModelConfig demoBartConfig(); // config.json as written

// Writes the checkpoint into `directory` (created if needed; files replaced atomically).
void writeDemoBartCheckpoint(const std::string& directory);

} // namespace sa
