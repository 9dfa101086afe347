// Reader for the state dicts that `torch.save(model.state_dict())` writes in
// PyTorch's zip format (`pytorch_model.bin`). LibTorch's pickle_load cannot
// return the OrderedDict those files hold, so the archive's data.pkl is
// decoded here by a restricted unpickler: it knows the opcodes torch.save
// emits and accepts only the globals a state dict needs (OrderedDict, the
// tensor rebuild functions, the typed storage classes). Any other global is
// refused by name, so loading a checkpoint never executes code from it.
//
// Kept free of LibTorch and Qt: the result is plain records that the model
// loader turns into tensors. The pickle machine itself is io/unpickler.h.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace sa {

// One tensor of the state dict as torch.save describes it: a strided view
// into an untyped storage record `<archive>/data/<storage_key>`. Tensors that
// share a storage (tied weights) share the same `storage_bytes` object.
struct RawTensor {
    std::string dtype;            // safetensors spelling: F32 F16 BF16 F64 I64 I32 I16 I8 U8 BOOL
    std::vector<int64_t> shape;   // elements per dimension
    std::vector<int64_t> strides; // in elements, same length as shape
    int64_t storage_offset = 0;   // in elements
    std::shared_ptr<const std::vector<uint8_t>> storage_bytes; // little-endian
    std::string storage_key;                                   // the pickle's key, e.g. "3"
    bool requires_grad = false;

    int64_t storageNumel() const; // storage_bytes->size() / element size of dtype
};

// Reads every tensor of a torch.save zip state dict, in the order of the
// file. The OrderedDict's `_metadata` is ignored. Throws sa::Error, message
// starting with `path`, for anything malformed or outside the supported
// subset (legacy non-zip format, compressed entries, refused globals,
// unknown opcodes, tensors reaching outside their storage, ...).
std::vector<std::pair<std::string, RawTensor>> readTorchZipStateDict(const std::string& path);

} // namespace sa
