# Shared part of cross/aarch64-linux-gnu.cmake and cross/arm-linux-gnueabihf.cmake.
# The including file sets SITEPOWER_CROSS_ARCH (cross/sysroot's argument),
# SITEPOWER_CROSS_TRIPLET, SITEPOWER_CROSS_PROCESSOR and SITEPOWER_CROSS_QEMU.
#
# Sysroot: -DSITEPOWER_SYSROOT=<dir> or $SITEPOWER_SYSROOT; if neither is given,
# cross/sysroot is run to build or reuse the cached one.
# Programs (protoc, qemu) are the build host's; headers, libraries, CMake
# packages and pkg-config files come only from the sysroot.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR ${SITEPOWER_CROSS_PROCESSOR})
set(CMAKE_LIBRARY_ARCHITECTURE ${SITEPOWER_CROSS_TRIPLET})
set(CMAKE_C_COMPILER ${SITEPOWER_CROSS_TRIPLET}-gcc)
set(CMAKE_CXX_COMPILER ${SITEPOWER_CROSS_TRIPLET}-g++)

if(NOT SITEPOWER_SYSROOT AND DEFINED ENV{SITEPOWER_SYSROOT})
  set(SITEPOWER_SYSROOT "$ENV{SITEPOWER_SYSROOT}")
endif()
if(NOT SITEPOWER_SYSROOT)
  execute_process(COMMAND ${CMAKE_CURRENT_LIST_DIR}/sysroot ${SITEPOWER_CROSS_ARCH}
                  OUTPUT_VARIABLE _sysroot_out RESULT_VARIABLE _sysroot_rc)
  if(NOT _sysroot_rc EQUAL 0)
    message(FATAL_ERROR "cross/sysroot ${SITEPOWER_CROSS_ARCH} failed (${_sysroot_rc})")
  endif()
  string(STRIP "${_sysroot_out}" _sysroot_out)
  string(REGEX REPLACE ".*\n" "" _sysroot_out "${_sysroot_out}")
  set(SITEPOWER_SYSROOT "${_sysroot_out}" CACHE PATH "Target sysroot (cross/sysroot)")
endif()
# try_compile projects re-read this file: hand them the sysroot too.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES SITEPOWER_SYSROOT)
set(ENV{SITEPOWER_SYSROOT} "${SITEPOWER_SYSROOT}")

set(CMAKE_SYSROOT "${SITEPOWER_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH "${SITEPOWER_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)   # host protoc, host tools
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)    # target libprotobuf & co.
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config: the host's tool, the target's .pc files.
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${SITEPOWER_SYSROOT}")
set(ENV{PKG_CONFIG_LIBDIR}
    "${SITEPOWER_SYSROOT}/usr/lib/${SITEPOWER_CROSS_TRIPLET}/pkgconfig:${SITEPOWER_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# ctest and gtest_discover_tests run target binaries through qemu-user, which
# finds the target's loader and libraries under -L <sysroot>.
find_program(SITEPOWER_QEMU ${SITEPOWER_CROSS_QEMU} NO_CMAKE_FIND_ROOT_PATH)
if(SITEPOWER_QEMU)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${SITEPOWER_QEMU};-L;${SITEPOWER_SYSROOT}")
else()
  message(WARNING "${SITEPOWER_CROSS_QEMU} not found (apt-get install qemu-user): tests cannot run")
endif()
