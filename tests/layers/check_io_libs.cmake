# cmake -DLIST_LIBS="ldd" -DBINARY=<file> -DEXPECT=none|all -P check_io_libs.cmake
# The I/O libraries the model must not need: Paho (MQTT), SQLite, OpenSSL.
# EXPECT=none fails if BINARY needs any; EXPECT=all fails unless it needs each
# (run on the agent, it shows the patterns match what the linker records).
set(io_libs "libpaho-mqtt" "libsqlite3" "libssl" "libcrypto")
execute_process(COMMAND ${LIST_LIBS} ${BINARY} OUTPUT_VARIABLE listed ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${LIST_LIBS} ${BINARY} failed (${rc}): ${err}")
endif()
set(found "")
set(missing "")
foreach(lib IN LISTS io_libs)
  string(REGEX MATCH "${lib}[^] \t\n]*\\.so[^] \t\n]*" hit "${listed}")  # ldd: "name =>", readelf: "[name]"
  if(hit)
    list(APPEND found ${hit})
  else()
    list(APPEND missing ${lib})
  endif()
endforeach()
if(EXPECT STREQUAL "none" AND found)
  message(FATAL_ERROR "${BINARY} needs ${found}:\n${listed}")
elseif(EXPECT STREQUAL "all" AND missing)
  message(FATAL_ERROR "${BINARY}: no ${missing} in:\n${listed}")
endif()
message(STATUS "${BINARY}: ${EXPECT} of ${io_libs} (found: ${found})")
