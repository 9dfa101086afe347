// glibc's malloc serves large blocks with mmap and gives freed heap memory
// back to the system, so every training step's fresh activations (25 MB
// each for roberta-base at 16 × 128) fault their pages in again, which on a
// virtual machine costs more than the element-wise work that first touches
// them: GELU took 516 ms of a step where it takes 70–90 ms on reused memory
// (bench train --profile). Keeping freed memory in the heap makes a step
// 10–16 % faster here (3.29–3.36 s against 3.62–4.00 s, three alternations)
// and lowers peak RSS (2669 against 2759 MB).
#pragma once

namespace sa {

// Blocks up to 32 MB (glibc's largest threshold) come from the heap, and the
// heap is not trimmed below 2 GB of free top. Call first thing in main()
// (the CLI, the Studio and the tests do); a no-op off glibc.
void configureAllocator();

} // namespace sa
