// Reading a whole text file (tokenizer files, data sets, configs, run
// files), with errors that name the file: one reader, so a folder given for a
// file, an unreadable file and a failed read say so the same way everywhere.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace sa::text_files {

std::string read(const std::string& path);        // throws sa::Error naming the file
nlohmann::json readJson(const std::string& path); // parse errors name the file and offset
bool exists(const std::string& path);             // a regular file
std::string join(const std::string& directory, const std::string& name);

// The lines of `content` as Python's text-mode readlines() yields them:
// "\n", "\r\n" and "\r" all end a line; no empty line after a final newline.
std::vector<std::string> lines(const std::string& content);

} // namespace sa::text_files
