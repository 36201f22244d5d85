# Install layout and the .deb, included from the top-level CMakeLists.txt.
# `cmake --install` lays out exactly what the package holds:
#   /usr/bin/sitepower-agent, /usr/bin/sitepower-tail      (agent/app/CMakeLists.txt)
#   /etc/sitepower/site.yaml.example, /etc/sitepower/profiles/   (conffiles)
#   /lib/systemd/system/sitepower-agent.service
# The unit runs /usr/bin/sitepower-agent, hence /usr as the default prefix.
if(CMAKE_INSTALL_PREFIX_INITIALIZED_TO_DEFAULT)
  set(CMAKE_INSTALL_PREFIX /usr CACHE PATH "Install prefix (the systemd unit expects /usr)" FORCE)
endif()
# SITEPOWER_CONFIG_INSTALL_DIR (/etc/sitepower) is declared in drivers/CMakeLists.txt: the drivers look there.
set(SITEPOWER_UNIT_INSTALL_DIR /lib/systemd/system CACHE PATH "The systemd unit")

install(FILES ${PROJECT_SOURCE_DIR}/config/demo-site.yaml
        DESTINATION ${SITEPOWER_CONFIG_INSTALL_DIR} RENAME site.yaml.example)
install(FILES ${PROJECT_SOURCE_DIR}/config/systemd/sitepower-agent.service DESTINATION ${SITEPOWER_UNIT_INSTALL_DIR})

# Every driver's shipped profiles (drivers/<name>/profiles/*.yaml) go to one
# directory, where find_profile looks for a name next to site.yaml.
file(GLOB profile_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/drivers/*/profiles/*.yaml)
install(FILES ${profile_files} DESTINATION ${SITEPOWER_CONFIG_INSTALL_DIR}/profiles)

# Every file under /etc is a conffile, so dpkg keeps an admin's edits on upgrade.
set(conffiles "${SITEPOWER_CONFIG_INSTALL_DIR}/site.yaml.example\n")
set(profile_names "")
foreach(f IN LISTS profile_files)
  cmake_path(GET f FILENAME name)
  if(name IN_LIST profile_names)
    message(FATAL_ERROR "two drivers ship a profile named ${name}: they would share /etc/sitepower/profiles/${name}")
  endif()
  list(APPEND profile_names ${name})
  string(APPEND conffiles "${SITEPOWER_CONFIG_INSTALL_DIR}/profiles/${name}\n")
endforeach()
file(WRITE ${CMAKE_BINARY_DIR}/debian/conffiles "${conffiles}")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sitepower)
set(CPACK_PACKAGE_VENDOR sitepower)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "site power-monitoring agent: meters, PDUs, miners and GPU servers to MQTT")
set(CPACK_PACKAGE_DESCRIPTION "Reads a site's meters through pluggable drivers, computes the power split \
(mining, ai, cooling, facility, unmetered) and publishes it as protobuf over MQTT. Runs as sitepower-agent.service.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "sitepower maintainers <sitepower@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Library dependencies come from dpkg-shlibdeps on the built binaries. A cross
# build without the target's dpkg database sets this OFF and gets the list below
# (Debian 12's sonames); -DCPACK_DEBIAN_PACKAGE_ARCHITECTURE=arm64 names the arch.
option(SITEPOWER_DEB_SHLIBDEPS "Compute the .deb's library Depends with dpkg-shlibdeps" ON)
set(deb_depends "init-system-helpers (>= 1.54~)")  # deb-systemd-helper in the maintainer scripts
if(SITEPOWER_DEB_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  string(PREPEND deb_depends "libc6, libstdc++6, libgcc-s1, libpaho-mqttpp3-1, libpaho-mqtt1.3, libprotobuf32, "
         "libyaml-cpp0.7, libspdlog1.10-fmt9, libfmt9, libsystemd0, libsqlite3-0, ")
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${deb_depends}")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${CMAKE_BINARY_DIR}/debian/conffiles;${CMAKE_CURRENT_LIST_DIR}/postinst;${CMAKE_CURRENT_LIST_DIR}/prerm;${CMAKE_CURRENT_LIST_DIR}/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
