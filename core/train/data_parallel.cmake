# Data-parallel build settings. Whether this LibTorch can connect ranks (core/train/
# communicator.cpp): c10d's ProcessGroupGloo and TCPStore, whose header
# includes <gloo/...> (Debian: libgloo-dev). The class is declared only with
# USE_C10D_GLOO, which LibTorch's CMake config does not pass on, so the check
# defines it, and links, since the header can exist in a build without Gloo.
# NCCL likewise (CUDA LibTorch builds only). Without c10d the communicator's
# factory throws an error saying so; everything else builds and runs.
include(CheckCXXSourceCompiles)
include(CMakePushCheckState)
cmake_push_check_state(RESET)
set(CMAKE_REQUIRED_INCLUDES ${TORCH_INCLUDE_DIRS})
set(CMAKE_REQUIRED_LIBRARIES ${TORCH_LIBRARIES})
set(CMAKE_REQUIRED_FLAGS "${TORCH_CXX_FLAGS}")
set(CMAKE_REQUIRED_QUIET ON)
check_cxx_source_compiles([[
#define USE_C10D_GLOO 1
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
int main() { return c10d::ProcessGroupGloo::createDefaultDevice() ? 0 : 1; }
]] SPARSEADAPTER_HAVE_C10D)
check_cxx_source_compiles([[
#define USE_C10D_NCCL 1
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
int main() { return c10d::ProcessGroupNCCL::Options::create() ? 0 : 1; }
]] SPARSEADAPTER_HAVE_C10D_NCCL)
cmake_pop_check_state()
if(SPARSEADAPTER_HAVE_C10D)
    message(STATUS "Data parallelism: c10d Gloo (NCCL: ${SPARSEADAPTER_HAVE_C10D_NCCL})")
    set_property(SOURCE train/communicator.cpp APPEND PROPERTY COMPILE_DEFINITIONS SPARSEADAPTER_HAVE_C10D)
    if(SPARSEADAPTER_HAVE_C10D_NCCL)
        set_property(SOURCE train/communicator.cpp APPEND PROPERTY COMPILE_DEFINITIONS SPARSEADAPTER_HAVE_C10D_NCCL)
    endif()
else()
    message(STATUS "Data parallelism: unavailable (this LibTorch lacks c10d's ProcessGroupGloo, or the gloo "
                   "headers are missing: apt install libgloo-dev)")
endif()
# Environment parsing and the process launcher never touch LibTorch.
set_source_files_properties(train/distributed_env.cpp train/rank_launcher.cpp PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
