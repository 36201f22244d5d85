# Cross toolchain for 64-bit ARM site controllers (Debian's g++-aarch64-linux-gnu).
#   cmake -S . -B build-aarch64 -G Ninja --toolchain cross/aarch64-linux-gnu.cmake
set(SITEPOWER_CROSS_ARCH aarch64)
set(SITEPOWER_CROSS_TRIPLET aarch64-linux-gnu)
set(SITEPOWER_CROSS_PROCESSOR aarch64)
set(SITEPOWER_CROSS_QEMU qemu-aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/toolchain-common.cmake)
