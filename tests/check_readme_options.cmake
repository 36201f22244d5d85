# readme_options.<NAME>: the key table between `<!-- options:NAME -->` and
# `<!-- /options:NAME -->` in README must be what `AGENT --describe NAME
# --markdown` prints, the table that also parses the keys. With -DUPDATE=ON
# the block is rewritten instead (the fix this test prints).
# cmake -DAGENT=path/to/sitepower-agent -DNAME=modbus -DREADME=drivers/modbus/README.md [-DUPDATE=ON] -P this
execute_process(COMMAND ${AGENT} --describe ${NAME} --markdown OUTPUT_VARIABLE want RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${AGENT} --describe ${NAME} --markdown failed (${rc})")
endif()
file(READ ${README} text)
set(open "<!-- options:${NAME} -->\n")
set(close "<!-- /options:${NAME} -->")
string(FIND "${text}" "${open}" begin)
string(FIND "${text}" "${close}" end)
if(begin EQUAL -1 OR end EQUAL -1 OR end LESS begin)
  message(FATAL_ERROR "${README}: no block `${open}` ... `${close}` for the ${NAME} keys")
endif()
string(LENGTH "${open}" open_length)
math(EXPR from "${begin} + ${open_length}")
math(EXPR length "${end} - ${from}")
string(SUBSTRING "${text}" ${from} ${length} have)
if(have STREQUAL want)
  return()
endif()
if(UPDATE)
  string(SUBSTRING "${text}" 0 ${from} head)
  string(SUBSTRING "${text}" ${end} -1 tail)
  file(WRITE ${README} "${head}${want}${tail}")
  message(STATUS "${README}: ${NAME} table updated")
  return()
endif()
get_filename_component(scratch ${AGENT} DIRECTORY)  # in the build tree, never the sources
file(WRITE ${scratch}/readme_options.${NAME}.want "${want}")
file(WRITE ${scratch}/readme_options.${NAME}.have "${have}")
execute_process(COMMAND diff -u ${scratch}/readme_options.${NAME}.have ${scratch}/readme_options.${NAME}.want)
message(FATAL_ERROR "${README}: the ${NAME} key table differs from `sitepower-agent --describe ${NAME} --markdown` "
                    "(diff above: - README, + agent). Regenerate it with:\n  cmake -DAGENT=${AGENT} -DNAME=${NAME} "
                    "-DREADME=${README} -DUPDATE=ON -P ${CMAKE_CURRENT_LIST_FILE}")
