// Writer for state dicts in PyTorch's zip format (what torch.save writes
// since 1.6), for the Python libraries that read only that format:
// AdapterHub's `adapters` loads pytorch_adapter.bin / pytorch_model_head.bin
// with torch.load unless told to use safetensors.
//
// The counterpart of io/torch_pickle.h and written to be accepted by it
// (and by torch.load(weights_only=True)): one folder "<archive>/" holding
// data.pkl (pickle protocol 2 of an OrderedDict whose values are
// torch._utils._rebuild_tensor_v2 calls on persistent storage ids), one
// record data/<key> per storage, byteorder and version. Entries are STORED
// (uncompressed) and their data starts 64-byte aligned, as torch.save lays
// them out, so the storages can be mapped in place. Kept free of LibTorch
// and Qt like the reader: tensors come in as bytes.
#pragma once

#include "io/dtype.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace sa {

// One contiguous, row-major, little-endian tensor. Tensors given the same
// `bytes` object share one storage record, as tied weights do in torch.save
// (AdapterHub's state dicts name each pre-adapter LayerNorm twice).
struct TorchSaveTensor {
    DType dtype = DType::F32;
    std::vector<int64_t> shape; // empty: a 0-d tensor
    std::shared_ptr<const std::vector<uint8_t>> bytes;
};

// Writes `tensors`, in this order, as the OrderedDict of a torch.save zip
// file at `path` (atomically). `archiveName` is the top folder torch.save
// would take from the file name; any name loads. Throws sa::Error naming the
// file and tensor for a duplicate name, bytes that do not match the shape,
// or a file beyond the plain (non-ZIP64) zip limits of 4 GiB.
void writeTorchZipStateDict(const std::string& path,
                            const std::vector<std::pair<std::string, TorchSaveTensor>>& tensors,
                            const std::string& archiveName = "archive");

} // namespace sa
