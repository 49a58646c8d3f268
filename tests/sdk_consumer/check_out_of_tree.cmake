# Installs the SDK from the build tree, builds the hello plugin against it out of tree, and has eatos-host load
# and use it. Run by ctest (see tests/CMakeLists.txt) with SOURCE_DIR, BUILD_DIR, WORK_DIR, HOST, CONSUMER,
# GENERATOR defined.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}" --component sdk)
if(NOT EXISTS "${prefix}/include/eatos/sdk/sdk.hpp")
  message(FATAL_ERROR "the SDK headers were not installed")
endif()

run(${CMAKE_COMMAND} -S "${CONSUMER}" -B "${WORK_DIR}/build" -G "${GENERATOR}" "-DCMAKE_PREFIX_PATH=${prefix}"
    -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")

file(MAKE_DIRECTORY "${WORK_DIR}/plugins" "${WORK_DIR}/manifests")
file(COPY "${WORK_DIR}/build/libeatos_hello.so" DESTINATION "${WORK_DIR}/plugins")
file(WRITE "${WORK_DIR}/manifests/hello.json" [[{
  "schema_version": 1, "id": "hello", "name": "Hello", "version": "1.0.0", "sdk": "1.0",
  "library": "libeatos_hello.so", "category": "Examples", "description": "Greets the restaurant.",
  "icon": "icons/hello.svg", "publisher": "A third party", "permissions": ["owner", "admin"]
}]])

set(env ${CMAKE_COMMAND} -E env "EATOS_MANIFESTS_DIR=${WORK_DIR}/manifests" "EATOS_PLUGINS_DIR=${WORK_DIR}/plugins"
        "EATOS_DATA_DIR=${WORK_DIR}/data" --unset=EATOS_SECRET_KEY)
run(${env} "${HOST}" plugins --json)
if(NOT out MATCHES "\"id\":\"hello\"" OR NOT out MATCHES "\"loaded\":true")
  message(FATAL_ERROR "the out-of-tree plugin did not load:\n${out}")
endif()

# Installing needs the secret on stdin: feed it from a file.
file(WRITE "${WORK_DIR}/key.txt" "any-api-key-value")
execute_process(COMMAND ${env} "${HOST}" --restaurant bistro integrations install hello --field greeting=Bonjour
                        --token-stdin
                INPUT_FILE "${WORK_DIR}/key.txt" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "Hello is connected")
  message(FATAL_ERROR "install through the out-of-tree plugin failed (${rc}):\n${out}\n${err}")
endif()
run(${env} "${HOST}" --restaurant bistro integrations show hello --json)
if(NOT out MATCHES "\"state\":\"connected\"" OR NOT out MATCHES "Bonjour, bistro!")
  message(FATAL_ERROR "the out-of-tree plugin's state is wrong:\n${out}")
endif()
message(STATUS "out-of-tree plugin built against the installed SDK, loaded and used")
