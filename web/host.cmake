# The web build seen from the native one (included by the top-level CMakeLists.txt): builds web/
# with Emscripten as an external project into ${PROJECT_BINARY_DIR}/web, and says where its
# files end up (SIGNPOST_WEB_DIST), for the tests, `signpost serve` and the install.
# Costs about 2 CPU-minutes from scratch (grammar.cpp is most of it), seconds with ccache.
find_program(SIGNPOST_EMCMAKE emcmake)
if(NOT SIGNPOST_EMCMAKE)
  message(WARNING "SIGNPOST_BUILD_WEB: emcmake not found (Debian: emscripten); the WebAssembly engine and "
                  "the form are not built, and their tests are skipped")
  return()
endif()
include(ExternalProject)
set(SIGNPOST_WEB_DIST ${PROJECT_BINARY_DIR}/web/dist)
set(signpost_web_args -DCMAKE_BUILD_TYPE=Release)
if(CMAKE_CXX_COMPILER_LAUNCHER)
  list(APPEND signpost_web_args -DCMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER})
endif()
ExternalProject_Add(signpost_web
  SOURCE_DIR ${PROJECT_SOURCE_DIR}/web
  BINARY_DIR ${PROJECT_BINARY_DIR}/web
  CONFIGURE_COMMAND ${SIGNPOST_EMCMAKE} ${CMAKE_COMMAND} -S <SOURCE_DIR> -B <BINARY_DIR> ${signpost_web_args}
  INSTALL_COMMAND ""
  BUILD_ALWAYS ON  # its own build decides what changed (the engine's sources are outside web/)
  USES_TERMINAL_BUILD OFF)
if(SIGNPOST_INSTALL)
  install(DIRECTORY ${SIGNPOST_WEB_DIST}/ DESTINATION ${CMAKE_INSTALL_DATADIR}/signpost/web COMPONENT web)
endif()
