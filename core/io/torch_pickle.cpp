#include "io/torch_pickle.h"

#include "error.h"
#include "io/dtype.h"
#include "io/unpickler.h"
#include "io/zip_archive.h"

#include <fstream>
#include <limits>
#include <map>
#include <unordered_map>

namespace sa {
namespace {

using Kind = PickleValue::Kind;

// torch.save names each tensor's storage by its typed class; the class is the
// only place the element type is recorded.
const std::map<std::string, std::string>& storageDtypes() {
    static const std::map<std::string, std::string> dtypes = {
        {"torch FloatStorage", "F32"},  {"torch HalfStorage", "F16"}, {"torch BFloat16Storage", "BF16"},
        {"torch DoubleStorage", "F64"}, {"torch LongStorage", "I64"}, {"torch IntStorage", "I32"},
        {"torch ShortStorage", "I16"},  {"torch CharStorage", "I8"},  {"torch ByteStorage", "U8"},
        {"torch BoolStorage", "BOOL"},
    };
    return dtypes;
}

const char* const kOrderedDict = "collections OrderedDict";
const char* const kRebuildTensor = "torch._utils _rebuild_tensor_v2";
const char* const kRebuildParameter = "torch._utils _rebuild_parameter";
const char* const kStorageObject = "storage";
const char* const kTensorObject = "tensor";

int64_t elementSize(const std::string& dtype) {
    const auto parsed = parseDType(dtype);
    return parsed ? int64_t(dtypeSize(*parsed)) : 0;
}

std::vector<int64_t> intTuple(const PickleValue& value, bool* ok) {
    std::vector<int64_t> ints;
    *ok = value.kind == Kind::Tuple;
    for (const PickleValue* item : value.items) {
        *ok = *ok && item->kind == Kind::Int;
        ints.push_back(item->integer);
    }
    return ints;
}

// What torch.save's pickle may do: build OrderedDicts, storages and tensor
// views. Storages and tensors are Object values whose `integer` indexes
// `objects_`.
class TorchStateDictHooks : public PickleHooks {
public:
    explicit TorchStateDictHooks(ZipArchive& zip, std::string prefix) : zip_(zip), prefix_(std::move(prefix)) {}

    const RawTensor* object(const PickleValue& value, const char* type) const {
        return value.kind == Kind::Object && value.text == type ? &objects_[size_t(value.integer)] : nullptr;
    }

    void checkGlobal(Unpickler& u, const std::string& name) override {
        if (name != kOrderedDict && name != kRebuildTensor && name != kRebuildParameter &&
            storageDtypes().count(name) == 0)
            u.fail("refused global '" + name +
                   "': a state dict needs only OrderedDict, tensor rebuild functions and storages");
    }

    PickleValue* reduce(Unpickler& u, const PickleValue& callable, const PickleValue& args) override {
        const std::string& name = callable.text;
        const auto& a = args.items;
        if (name == kOrderedDict) {
            // torch.save pickles OrderedDict() empty and fills it with SETITEMS.
            if (!a.empty()) u.fail("OrderedDict called with arguments");
            return u.make(Kind::Dict);
        }
        if (name == kRebuildTensor) return rebuildTensor(u, a);
        if (name == kRebuildParameter) {
            // (data, requires_grad, backward_hooks): a Parameter is its tensor.
            const RawTensor* data = a.empty() ? nullptr : object(*a[0], kTensorObject);
            if (!data || a.size() < 2 || a[1]->kind != Kind::Bool)
                u.fail("_rebuild_parameter expects (tensor, bool, hooks)");
            RawTensor parameter = *data;
            parameter.requires_grad = a[1]->integer != 0;
            return add(u, kTensorObject, std::move(parameter));
        }
        u.fail("global '" + name + "' cannot be called");
    }

    PickleValue* persistentLoad(Unpickler& u, const PickleValue& pid) override;

    void build(Unpickler& u, PickleValue& object, const PickleValue&) override {
        // The state dict's only state is `_metadata` (module versions).
        if (object.kind != Kind::Dict)
            u.fail(std::string("BUILD on a ") + pickleKindName(object.kind) + " is not supported");
    }

private:
    PickleValue* add(Unpickler& u, const char* type, RawTensor tensor) {
        PickleValue* value = u.make(Kind::Object);
        value->text = type;
        value->integer = int64_t(objects_.size());
        objects_.push_back(std::move(tensor));
        return value;
    }

    PickleValue* rebuildTensor(Unpickler& u, const std::vector<PickleValue*>& a) {
        // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]);
        // bounds are checked once the tensor's name is known.
        if (a.size() < 6 || a.size() > 7)
            u.fail("_rebuild_tensor_v2 expects 6 or 7 arguments, got " + std::to_string(a.size()));
        const RawTensor* storage = object(*a[0], kStorageObject);
        bool sizeOk = false, strideOk = false;
        RawTensor tensor = storage ? *storage : RawTensor();
        tensor.shape = intTuple(*a[2], &sizeOk);
        tensor.strides = intTuple(*a[3], &strideOk);
        if (!storage || a[1]->kind != Kind::Int || !sizeOk || !strideOk || a[4]->kind != Kind::Bool)
            u.fail("_rebuild_tensor_v2 expects (storage, int, tuple of ints, tuple of ints, bool, ...)");
        tensor.storage_offset = a[1]->integer;
        tensor.requires_grad = a[4]->integer != 0;
        return add(u, kTensorObject, std::move(tensor));
    }

    ZipArchive& zip_;
    std::string prefix_;
    std::vector<RawTensor> objects_;
    std::unordered_map<std::string, PickleValue*> storages_; // by key: tied tensors share one
};

PickleValue* TorchStateDictHooks::persistentLoad(Unpickler& u, const PickleValue& pid) {
    // torch.save's persistent_id: ('storage', StorageClass, key, location, numel).
    const auto& f = pid.items;
    if (pid.kind != Kind::Tuple || f.size() != 5 || f[0]->kind != Kind::String || f[0]->text != "storage" ||
        f[1]->kind != Kind::Global || f[2]->kind != Kind::String || f[3]->kind != Kind::String ||
        f[4]->kind != Kind::Int)
        u.fail("persistent id is not ('storage', StorageClass, key, location, numel)");
    const auto dtype = storageDtypes().find(f[1]->text);
    if (dtype == storageDtypes().end()) u.fail("'" + f[1]->text + "' is not a storage class");
    const std::string& key = f[2]->text;

    const auto cached = storages_.find(key);
    if (cached != storages_.end()) {
        const std::string& known = object(*cached->second, kStorageObject)->dtype;
        if (known != dtype->second) u.fail("storage '" + key + "' is used as both " + known + " and " + dtype->second);
        return cached->second;
    }
    const std::string record = prefix_ + "data/" + key;
    const ZipArchive::Entry* entry = zip_.find(record);
    if (!entry) u.fail("missing storage record '" + record + "'");
    const int64_t numel = f[4]->integer;
    const uint64_t size = uint64_t(elementSize(dtype->second));
    if (numel < 0 || uint64_t(numel) > entry->size / size || entry->size != uint64_t(numel) * size)
        u.fail("storage record '" + record + "' holds " + std::to_string(entry->size) +
               " bytes, but the pickle declares " + std::to_string(numel) + " " + dtype->second + " elements");

    RawTensor storage;
    storage.dtype = dtype->second;
    storage.storage_key = key;
    storage.storage_bytes = std::make_shared<const std::vector<uint8_t>>(zip_.read(*entry));
    PickleValue* value = add(u, kStorageObject, std::move(storage));
    storages_.emplace(key, value);
    return value;
}

// Adds a*b to acc for non-negative operands; false on int64 overflow.
bool addProduct(int64_t& acc, int64_t a, int64_t b) {
    if (a != 0 && b > (std::numeric_limits<int64_t>::max() - acc) / a) return false;
    acc += a * b;
    return true;
}

// Every element the view can address must lie in the storage. The element
// count is bounded by the storage's too, so materialising the view never
// allocates more than the file holds (state dicts have no broadcast views).
void checkWithinStorage(const std::string& path, const std::string& name, const RawTensor& t) {
    auto fail = [&](const std::string& what) { throw fileError(path, "tensor '" + name + "' " + what); };
    if (t.shape.size() != t.strides.size())
        fail("has " + std::to_string(t.shape.size()) + " sizes but " + std::to_string(t.strides.size()) + " strides");
    const int64_t storageNumel = t.storageNumel();
    int64_t numel = 1, lastIndex = t.storage_offset;
    bool overflow = t.storage_offset < 0;
    for (size_t d = 0; d < t.shape.size(); ++d) {
        if (t.shape[d] < 0 || t.strides[d] < 0) fail("has a negative size or stride in dimension " + std::to_string(d));
        int64_t product = 0;
        overflow = overflow || !addProduct(product, numel, t.shape[d]);
        numel = product;
        if (t.shape[d] > 0) overflow = overflow || !addProduct(lastIndex, t.shape[d] - 1, t.strides[d]);
    }
    const bool inside = numel == 0 ? t.storage_offset <= storageNumel : lastIndex < storageNumel;
    if (overflow || !inside || numel > storageNumel)
        fail("exceeds its storage '" + t.storage_key + "' (" + std::to_string(storageNumel) + " " + t.dtype +
             " elements; offset " + std::to_string(t.storage_offset) + ")");
}

bool isLegacyTorchFile(const std::string& path) {
    // Pre-1.6 torch.save starts with a pickled magic number: PROTO 2, LONG1 10.
    std::ifstream file(path, std::ios::binary);
    unsigned char head[4] = {};
    file.read(reinterpret_cast<char*>(head), sizeof head);
    return file.gcount() == 4 && head[0] == 0x80 && head[1] == 0x02 && head[2] == 0x8a && head[3] == 0x0a;
}

// The top folder is named after the file torch.save wrote ("archive",
// "pytorch_model", ...): find "<folder>/data.pkl" at depth one.
std::string archivePrefix(const ZipArchive& zip) {
    for (const ZipArchive::Entry& entry : zip.entries()) {
        const size_t slash = entry.name.find('/');
        if (slash != std::string::npos && entry.name.compare(slash, std::string::npos, "/data.pkl") == 0)
            return entry.name.substr(0, slash + 1);
    }
    throw fileError(zip.path(), "no '<archive>/data.pkl' record: not a torch.save zip checkpoint");
}

} // namespace

int64_t RawTensor::storageNumel() const {
    const int64_t size = elementSize(dtype);
    return storage_bytes && size > 0 ? int64_t(storage_bytes->size()) / size : 0;
}

std::vector<std::pair<std::string, RawTensor>> readTorchZipStateDict(const std::string& path) {
    std::unique_ptr<ZipArchive> zip;
    try {
        zip = std::make_unique<ZipArchive>(path);
    } catch (const Error&) {
        if (isLegacyTorchFile(path))
            throw fileError(path, "legacy (pre-1.6, non-zip) torch.save format is not supported; "
                                  "re-save it with a current PyTorch or convert it to safetensors");
        throw;
    }
    const std::string prefix = archivePrefix(*zip);
    if (const ZipArchive::Entry* order = zip->find(prefix + "byteorder")) {
        const std::vector<uint8_t> bytes = zip->read(*order);
        const std::string byteorder(bytes.begin(), bytes.end());
        if (byteorder != "little")
            throw fileError(path, "only little-endian checkpoints are supported (byteorder '" + byteorder + "')");
    }

    TorchStateDictHooks hooks(*zip, prefix);
    Unpickler unpickler(zip->read(prefix + "data.pkl"), path, prefix + "data.pkl", hooks);
    const PickleValue* root = unpickler.run();
    if (root->kind != Kind::Dict)
        throw fileError(path, std::string("data.pkl holds a ") + pickleKindName(root->kind) + ", not a state dict");
    std::vector<std::pair<std::string, RawTensor>> tensors;
    tensors.reserve(root->dict->items.size());
    for (const auto& [key, value] : root->dict->items) {
        if (key->kind != Kind::String)
            throw fileError(path, std::string("state dict key of type ") + pickleKindName(key->kind));
        const RawTensor* tensor = hooks.object(*value, kTensorObject);
        if (!tensor)
            throw fileError(path, "state dict entry '" + key->text + "' is a " +
                                      (value->kind == Kind::Object ? value->text : pickleKindName(value->kind)) +
                                      ", not a tensor");
        checkWithinStorage(path, key->text, *tensor);
        tensors.emplace_back(key->text, *tensor);
    }
    return tensors;
}

} // namespace sa
