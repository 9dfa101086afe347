// A pickle virtual machine for the opcode subset torch.save writes (protocol
// 2, plus the protocol-4 framing and memo opcodes). It only builds plain
// values: what a GLOBAL may name, what calling it (REDUCE) returns, what a
// persistent id (BINPERSID) loads and what BUILD does are all decided by a
// PickleHooks, so nothing is ever imported or executed, and every other
// opcode is refused.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sa {

struct PickleValue;

// A dict's items in insertion order, indexed by key (Python semantics: a
// repeated key keeps its first position and takes the new value).
struct PickleDict {
    std::vector<std::pair<PickleValue*, PickleValue*>> items;
    std::unordered_map<std::string, size_t> index;
};

// Children are plain pointers into the Unpickler's arena, so a hostile
// pickle can build cycles or deep nesting without leaking memory or
// overflowing the stack on destruction.
struct PickleValue {
    enum class Kind { None, Bool, Int, Float, String, Tuple, List, Dict, Global, Object };
    Kind kind = Kind::None;
    int64_t integer = 0;              // Bool, Int; Object: the hooks' handle
    double real = 0;                  // Float
    std::string text;                 // String; Global as "module name"; Object: its type
    std::vector<PickleValue*> items;  // Tuple, List
    std::unique_ptr<PickleDict> dict; // Dict (boxed: one pickle byte may create one value)
};

const char* pickleKindName(PickleValue::Kind kind);

class Unpickler;

class PickleHooks {
public:
    virtual ~PickleHooks() = default;
    // Throws (via Unpickler::fail) unless `qualified` ("module name") is allowed.
    virtual void checkGlobal(Unpickler& u, const std::string& qualified) = 0;
    virtual PickleValue* reduce(Unpickler& u, const PickleValue& callable, const PickleValue& args) = 0;
    virtual PickleValue* persistentLoad(Unpickler& u, const PickleValue& pid) = 0;
    virtual void build(Unpickler& u, PickleValue& object, const PickleValue& state) = 0;
};

class Unpickler {
public:
    // `file` and `member` name the pickle in error messages.
    Unpickler(std::vector<uint8_t> bytes, std::string file, std::string member, PickleHooks& hooks);

    // Runs to STOP and returns its value, owned by this Unpickler.
    PickleValue* run();

    // For hooks: a fresh value in the arena, and an sa::Error of the form
    // "<file>: <what> (<member>, byte <offset of the current opcode>)".
    PickleValue* make(PickleValue::Kind kind);
    [[noreturn]] void fail(const std::string& what) const;

private:
    PickleValue* makeInt(int64_t value);
    const uint8_t* take(size_t n);
    uint64_t takeLe(size_t n);
    std::string takeLine();
    PickleValue* pop();
    PickleValue* top();
    std::vector<PickleValue*> popToMark();
    PickleValue* memoGet(uint64_t index);
    void pushGlobal(const std::string& module, const std::string& name);
    void setItem(PickleValue* dict, PickleValue* key, PickleValue* value);
    void step(uint8_t op);

    std::vector<uint8_t> bytes_;
    std::string file_;
    std::string member_;
    PickleHooks& hooks_;
    size_t pos_ = 0;
    size_t opStart_ = 0;
    std::deque<PickleValue> arena_;
    std::vector<PickleValue*> stack_;
    std::vector<size_t> marks_;
    std::unordered_map<uint64_t, PickleValue*> memo_;
};

} // namespace sa
