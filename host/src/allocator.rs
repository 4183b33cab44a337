//! The allocator payguard's own programs use (the command, the Python
//! package): mimalloc for the many small blocks of rows and results,
//! glibc's for blocks of a megabyte and more. A platform embedding the
//! library may set it as its own `#[global_allocator]` (feature
//! `allocator`) for the speed `docs/speed.md` measures.
//!
//! Rows are allocated on the reading thread and freed on the workers;
//! glibc's malloc spends 15 % of a run on that, mimalloc a third of it. But
//! mimalloc grows a large block by copying it, so a vector of pass-1 notes
//! doubling from 256 to 512 MB holds both at once, where glibc moves its
//! pages with `mremap`: at 10,000,000 rows mimalloc alone peaks at 1.19 GB,
//! against 0.81 GB with glibc's. Each block is served by one of the two
//! for its whole life, chosen by its size alone, which `dealloc` and
//! `realloc` are given.
//!
//! mimalloc is built without transparent huge pages (its `no_thp`
//! feature): it would ask the kernel for them on its memory, where each
//! first write then zeroes 2 MB. That zeroing was 10.7 % of the samples
//! of `payguard score` on 300,000 realistic rows on one thread, 0.4 %
//! without; the run took 8 % less CPU and a million rows' peak fell from
//! about 300 to 265 MB (`docs/speed.md`).

use mimalloc::MiMalloc;
use std::alloc::{GlobalAlloc, Layout, System};

/// From this size a block is glibc's.
const LARGE: usize = 1 << 20;

/// mimalloc below [`LARGE`], the system allocator from it:
/// `#[global_allocator] static ALLOCATOR: Split = Split;`.
pub struct Split;

fn large(size: usize) -> bool {
    size >= LARGE
}

// SAFETY: every block is allocated, grown and freed by the allocator its
// size names, and a block whose size crosses LARGE is moved between them
// by copying.
unsafe impl GlobalAlloc for Split {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        unsafe {
            if large(layout.size()) {
                System.alloc(layout)
            } else {
                MiMalloc.alloc(layout)
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        unsafe {
            if large(layout.size()) {
                System.alloc_zeroed(layout)
            } else {
                MiMalloc.alloc_zeroed(layout)
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from the allocator `layout.size()` names.
        unsafe {
            if large(layout.size()) {
                System.dealloc(ptr, layout)
            } else {
                MiMalloc.dealloc(ptr, layout)
            }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract; a block changing allocator is
        // copied into a new one (of the caller's alignment and a size
        // already checked by the caller) and the old one freed.
        unsafe {
            match (large(layout.size()), large(new_size)) {
                (true, true) => System.realloc(ptr, layout, new_size),
                (false, false) => MiMalloc.realloc(ptr, layout, new_size),
                _ => {
                    let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
                    let new = self.alloc(new_layout);
                    if !new.is_null() {
                        std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                    new
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_keeps_its_bytes_across_the_boundary_and_back() {
        let small = Layout::from_size_align(1000, 8).unwrap();
        // SAFETY: each pointer is the last one returned, with its layout.
        unsafe {
            let ptr = Split.alloc(small);
            assert!(!ptr.is_null());
            for i in 0..1000 {
                *ptr.add(i) = i as u8;
            }
            let grown = Split.realloc(ptr, small, 3 * LARGE);
            assert!(!grown.is_null());
            *grown.add(3 * LARGE - 1) = 7;
            let grown_layout = Layout::from_size_align(3 * LARGE, 8).unwrap();
            let bigger = Split.realloc(grown, grown_layout, 5 * LARGE);
            let bigger_layout = Layout::from_size_align(5 * LARGE, 8).unwrap();
            let shrunk = Split.realloc(bigger, bigger_layout, 500);
            for i in 0..500 {
                assert_eq!(*shrunk.add(i), i as u8);
            }
            Split.dealloc(shrunk, Layout::from_size_align(500, 8).unwrap());
        }
    }

    /// The flags of the mapping of this process's memory that holds `ptr`,
    /// as /proc/self/smaps lists them ("hg": huge pages asked for).
    #[cfg(target_os = "linux")]
    fn mapping_flags(ptr: *const u8) -> String {
        let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
        let at = ptr as usize;
        let mut inside = false;
        for line in smaps.lines() {
            if let Some((range, _)) = line.split_once(' ')
                && let Some((start, end)) = range.split_once('-')
                && let (Ok(start), Ok(end)) = (
                    usize::from_str_radix(start, 16),
                    usize::from_str_radix(end, 16),
                )
            {
                inside = (start..end).contains(&at);
            } else if inside && let Some(flags) = line.strip_prefix("VmFlags:") {
                return flags.to_string();
            }
        }
        panic!("no mapping holds {ptr:?}");
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn small_blocks_live_in_memory_that_asks_for_no_huge_pages() {
        let layout = Layout::from_size_align(1000, 8).unwrap();
        // SAFETY: freed with the layout it was allocated with.
        unsafe {
            let ptr = Split.alloc(layout);
            let flags = mapping_flags(ptr);
            Split.dealloc(ptr, layout);
            assert!(!flags.split_whitespace().any(|f| f == "hg"), "{flags}");
        }
    }

    #[test]
    fn zeroed_blocks_are_zero_either_side() {
        for size in [64, 2 * LARGE] {
            let layout = Layout::from_size_align(size, 16).unwrap();
            // SAFETY: freed with the layout it was allocated with.
            unsafe {
                let ptr = Split.alloc_zeroed(layout);
                assert!((0..size).all(|i| *ptr.add(i) == 0));
                assert_eq!(ptr as usize % 16, 0);
                Split.dealloc(ptr, layout);
            }
        }
    }
}
