#include "io/unpickler.h"

#include "error.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace sa {
namespace {

using Kind = PickleValue::Kind;

// Real state dicts create about ten values per tensor; this bounds the memory
// a hostile pickle can claim to a few hundred MiB.
constexpr size_t kMaxValues = size_t(1) << 22;

// Opcodes from CPython's Lib/pickletools.py.
enum Opcode : uint8_t {
    kMark = '(',
    kStop = '.',
    kBinInt = 'J',
    kBinInt1 = 'K',
    kBinInt2 = 'M',
    kNone = 'N',
    kBinPersId = 'Q',
    kReduce = 'R',
    kBinUnicode = 'X',
    kAppend = 'a',
    kBuild = 'b',
    kGlobal = 'c',
    kAppends = 'e',
    kBinGet = 'h',
    kLongBinGet = 'j',
    kBinPut = 'q',
    kLongBinPut = 'r',
    kSetItem = 's',
    kTuple = 't',
    kSetItems = 'u',
    kBinFloat = 'G',
    kEmptyTuple = ')',
    kEmptyList = ']',
    kEmptyDict = '}',
    kProto = 0x80,
    kTuple1 = 0x85,
    kTuple2 = 0x86,
    kTuple3 = 0x87,
    kNewTrue = 0x88,
    kNewFalse = 0x89,
    kLong1 = 0x8a,
    kShortBinUnicode = 0x8c,
    kStackGlobal = 0x93,
    kMemoize = 0x94,
    kFrame = 0x95,
};

} // namespace

const char* pickleKindName(Kind kind) {
    static const char* const names[] = {"None",  "bool", "int",  "float",  "str",
                                        "tuple", "list", "dict", "global", "object"};
    return names[int(kind)];
}

Unpickler::Unpickler(std::vector<uint8_t> bytes, std::string file, std::string member, PickleHooks& hooks)
    : bytes_(std::move(bytes)), file_(std::move(file)), member_(std::move(member)), hooks_(hooks) {}

void Unpickler::fail(const std::string& what) const {
    throw fileError(file_, what + " (" + member_ + ", byte " + std::to_string(opStart_) + ")");
}

PickleValue* Unpickler::make(Kind kind) {
    if (arena_.size() >= kMaxValues) fail("pickle creates more than " + std::to_string(kMaxValues) + " values");
    arena_.emplace_back();
    PickleValue* value = &arena_.back();
    value->kind = kind;
    if (kind == Kind::Dict) value->dict = std::make_unique<PickleDict>();
    return value;
}

PickleValue* Unpickler::makeInt(int64_t v) {
    PickleValue* value = make(Kind::Int);
    value->integer = v;
    return value;
}

const uint8_t* Unpickler::take(size_t n) {
    if (n > bytes_.size() - pos_) fail("pickle truncated inside an opcode argument");
    const uint8_t* p = bytes_.data() + pos_;
    pos_ += n;
    return p;
}

uint64_t Unpickler::takeLe(size_t n) {
    const uint8_t* p = take(n);
    uint64_t v = 0;
    for (size_t i = n; i-- > 0;)
        v = (v << 8) | p[i];
    return v;
}

std::string Unpickler::takeLine() {
    const auto begin = bytes_.begin() + std::ptrdiff_t(pos_);
    const auto end = std::find(begin, bytes_.end(), uint8_t('\n'));
    if (end == bytes_.end()) fail("pickle truncated inside a GLOBAL name");
    pos_ = size_t(end - bytes_.begin()) + 1;
    return std::string(begin, end);
}

PickleValue* Unpickler::pop() {
    PickleValue* value = top();
    stack_.pop_back();
    return value;
}

PickleValue* Unpickler::top() {
    if (stack_.empty() || (!marks_.empty() && marks_.back() == stack_.size())) fail("pickle stack underflow");
    return stack_.back();
}

std::vector<PickleValue*> Unpickler::popToMark() {
    if (marks_.empty()) fail("pickle stack underflow (no MARK)");
    const size_t mark = marks_.back();
    marks_.pop_back();
    std::vector<PickleValue*> items(stack_.begin() + std::ptrdiff_t(mark), stack_.end());
    stack_.resize(mark);
    return items;
}

PickleValue* Unpickler::memoGet(uint64_t index) {
    const auto it = memo_.find(index);
    if (it == memo_.end()) fail("memo entry " + std::to_string(index) + " read before written");
    return it->second;
}

void Unpickler::pushGlobal(const std::string& module, const std::string& name) {
    const std::string qualified = module + " " + name;
    hooks_.checkGlobal(*this, qualified);
    PickleValue* global = make(Kind::Global);
    global->text = qualified;
    stack_.push_back(global);
}

void Unpickler::setItem(PickleValue* dict, PickleValue* key, PickleValue* value) {
    if (dict->kind != Kind::Dict) fail(std::string("SETITEM on a ") + pickleKindName(dict->kind) + ", not a dict");
    std::string hashed;
    if (key->kind == Kind::String)
        hashed = "s" + key->text;
    else if (key->kind == Kind::Int)
        hashed = "i" + std::to_string(key->integer);
    else
        fail(std::string("dict key of type ") + pickleKindName(key->kind) + " is not supported");
    PickleDict& d = *dict->dict;
    const auto inserted = d.index.emplace(hashed, d.items.size());
    if (inserted.second)
        d.items.emplace_back(key, value);
    else
        d.items[inserted.first->second].second = value;
}

PickleValue* Unpickler::run() {
    while (pos_ < bytes_.size()) {
        opStart_ = pos_;
        const uint8_t op = *take(1);
        if (op != kStop) {
            step(op);
            continue;
        }
        PickleValue* result = pop();
        if (!stack_.empty() || !marks_.empty()) fail("pickle stack not empty at STOP");
        return result;
    }
    opStart_ = pos_;
    fail("pickle ends without STOP (truncated)");
}

void Unpickler::step(uint8_t op) {
    switch (op) {
    case kProto:
        take(1);
        break;
    case kFrame:
        take(8);
        break; // framing is only a read-ahead hint
    case kMark:
        marks_.push_back(stack_.size());
        break;
    case kNone:
        stack_.push_back(make(Kind::None));
        break;
    case kNewTrue:
    case kNewFalse: {
        PickleValue* value = make(Kind::Bool);
        value->integer = op == kNewTrue;
        stack_.push_back(value);
        break;
    }
    case kBinInt:
        stack_.push_back(makeInt(int32_t(uint32_t(takeLe(4)))));
        break;
    case kBinInt1:
        stack_.push_back(makeInt(int64_t(takeLe(1))));
        break;
    case kBinInt2:
        stack_.push_back(makeInt(int64_t(takeLe(2))));
        break;
    case kLong1: {
        // n-byte little-endian two's complement; tensor geometry fits int64.
        const size_t n = size_t(takeLe(1));
        if (n > 8) fail("LONG1 integer of " + std::to_string(n) + " bytes exceeds int64");
        uint64_t v = n == 0 ? 0 : takeLe(n);
        if (n > 0 && n < 8 && (v >> (8 * n - 1)) != 0) v |= ~uint64_t(0) << (8 * n);
        stack_.push_back(makeInt(int64_t(v)));
        break;
    }
    case kBinFloat: {
        const uint8_t* p = take(8); // big-endian IEEE double
        uint64_t bits = 0;
        for (int i = 0; i < 8; ++i)
            bits = (bits << 8) | p[i];
        PickleValue* value = make(Kind::Float);
        std::memcpy(&value->real, &bits, sizeof bits);
        stack_.push_back(value);
        break;
    }
    case kBinUnicode:
    case kShortBinUnicode: {
        const size_t n = size_t(takeLe(op == kBinUnicode ? 4 : 1));
        const uint8_t* p = take(n);
        PickleValue* value = make(Kind::String);
        value->text.assign(reinterpret_cast<const char*>(p), n);
        stack_.push_back(value);
        break;
    }
    case kEmptyTuple:
        stack_.push_back(make(Kind::Tuple));
        break;
    case kEmptyList:
        stack_.push_back(make(Kind::List));
        break;
    case kEmptyDict:
        stack_.push_back(make(Kind::Dict));
        break;
    case kTuple: {
        std::vector<PickleValue*> items = popToMark();
        PickleValue* tuple = make(Kind::Tuple);
        tuple->items = std::move(items);
        stack_.push_back(tuple);
        break;
    }
    case kTuple1:
    case kTuple2:
    case kTuple3: {
        std::vector<PickleValue*> items(size_t(op - kTuple1 + 1));
        for (size_t i = items.size(); i-- > 0;)
            items[i] = pop();
        PickleValue* tuple = make(Kind::Tuple);
        tuple->items = std::move(items);
        stack_.push_back(tuple);
        break;
    }
    case kBinPut:
        memo_[takeLe(1)] = top();
        break;
    case kLongBinPut:
        memo_[takeLe(4)] = top();
        break;
    case kMemoize:
        memo_[memo_.size()] = top();
        break;
    case kBinGet:
        stack_.push_back(memoGet(takeLe(1)));
        break;
    case kLongBinGet:
        stack_.push_back(memoGet(takeLe(4)));
        break;
    case kAppend:
    case kAppends: {
        std::vector<PickleValue*> items;
        if (op == kAppends)
            items = popToMark();
        else
            items.push_back(pop());
        PickleValue* list = top();
        if (list->kind != Kind::List) fail(std::string("APPEND to a ") + pickleKindName(list->kind) + ", not a list");
        list->items.insert(list->items.end(), items.begin(), items.end());
        break;
    }
    case kSetItem: {
        PickleValue* value = pop();
        PickleValue* key = pop();
        setItem(top(), key, value);
        break;
    }
    case kSetItems: {
        const std::vector<PickleValue*> items = popToMark();
        if (items.size() % 2 != 0) fail("SETITEMS with an odd number of items");
        PickleValue* dict = top();
        for (size_t i = 0; i < items.size(); i += 2)
            setItem(dict, items[i], items[i + 1]);
        break;
    }
    case kGlobal: {
        const std::string module = takeLine();
        pushGlobal(module, takeLine());
        break;
    }
    case kStackGlobal: {
        PickleValue* name = pop();
        PickleValue* module = pop();
        if (module->kind != Kind::String || name->kind != Kind::String) fail("STACK_GLOBAL needs two strings");
        pushGlobal(module->text, name->text);
        break;
    }
    case kReduce: {
        PickleValue* args = pop();
        PickleValue* callable = pop();
        if (callable->kind != Kind::Global)
            fail(std::string("REDUCE on a ") + pickleKindName(callable->kind) + ", not a global");
        if (args->kind != Kind::Tuple) fail("REDUCE arguments are not a tuple");
        stack_.push_back(hooks_.reduce(*this, *callable, *args));
        break;
    }
    case kBuild: {
        PickleValue* state = pop();
        hooks_.build(*this, *top(), *state);
        break;
    }
    case kBinPersId:
        stack_.push_back(hooks_.persistentLoad(*this, *pop()));
        break;
    default: {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", unsigned(op));
        fail(std::string("unknown or unsupported pickle opcode ") + hex);
    }
    }
}

} // namespace sa
