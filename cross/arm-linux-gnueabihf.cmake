# Cross toolchain for 32-bit ARM (armhf: ARMv7-A, hard float) site controllers
# (Debian's g++-arm-linux-gnueabihf).
#   cmake -S . -B build-armhf -G Ninja --toolchain cross/arm-linux-gnueabihf.cmake
set(SITEPOWER_CROSS_ARCH armhf)
set(SITEPOWER_CROSS_TRIPLET arm-linux-gnueabihf)
set(SITEPOWER_CROSS_PROCESSOR armv7l)   # matches "^arm" in CMakeLists.txt (-Wno-psabi)
set(SITEPOWER_CROSS_QEMU qemu-arm)
include(${CMAKE_CURRENT_LIST_DIR}/toolchain-common.cmake)
