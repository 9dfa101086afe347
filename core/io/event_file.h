// TensorBoard event files ("events.out.tfevents.*"), the few messages a
// training curve needs, written by a small hand-made protobuf encoder.
//
// Why not Debian's libprotobuf: these are four messages with six fields
// between them (Event.wall_time/step/file_version/summary, Summary.value,
// Summary.Value.tag/simple_value), all in wire formats that take a dozen
// lines to write; libprotobuf would add protoc to the build, generated code
// from TensorFlow's .proto files to the tree, and a runtime library whose
// ABI changes with every Debian release, for no field we use.
//
// A file is a sequence of TFRecords: uint64 length (little-endian), masked
// CRC-32C of those 8 bytes, the serialized Event, masked CRC-32C of it. The
// first record is an Event whose file_version is "brain.Event:2". Field
// numbers are TensorFlow's tensorflow/core/util/event.proto (Event) and
// tensorflow/core/framework/summary.proto (Summary, Summary.Value), which
// TensorBoard carries as tensorboard/compat/proto/.
#pragma once

#include <cstdint>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace sa {

struct TensorBoardScalar {
    std::string tag;
    double value = 0.0; // stored as float (simple_value)
};

class EventFileWriter {
public:
    // Creates `directory` as needed and a new file in it named as TensorFlow
    // names them (events.out.tfevents.<unix seconds>.<host>.<pid>.<n>, n
    // counting this process's files), and writes the file_version record.
    // Throws sa::Error naming the path when it cannot be written.
    explicit EventFileWriter(const std::string& directory, double wallTime);

    const std::string& path() const { return path_; }

    // One Event holding one Summary with a Value per scalar.
    void writeScalars(int64_t step, double wallTime, const std::vector<TensorBoardScalar>& scalars);
    // Hands the written records to the OS, so that a TensorBoard reading the
    // folder sees them.
    void flush();

private:
    void writeRecord(const std::string& event);

    std::string path_;
    std::ofstream out_;
};

// The serialized Event payloads of an event file's intact records, in order:
// reading stops at the first record whose length or CRC does not check out
// (a file cut short by a crash ends in a partial record). Throws sa::Error
// naming the file when it cannot be opened.
std::vector<std::string> readEventRecords(const std::string& path);

// Event.step of a serialized Event (0 when absent, as protobuf's default).
int64_t eventStep(const std::string& event);

// The tag of a serialized Event's first summary value ("" without one).
std::string eventFirstTag(const std::string& event);

// Rewrites every event file in `directory` (atomically) without the
// records of steps after `step`: a resumed run redoes those steps and
// writes them again, into a new file. At `step` itself, of the events whose
// first tag starts with a key of `keepAtStep` ("eval/", "pruning/"), only
// that many stay, in order: an evaluation or a pruning round recorded after
// the checkpoint at that step is redone too. The file_version records stay.
void dropEventsAfter(const std::string& directory, int64_t step, const std::map<std::string, int>& keepAtStep = {});

// Seconds since the Unix epoch, the clock Event.wall_time is read in.
double unixSeconds();

} // namespace sa
