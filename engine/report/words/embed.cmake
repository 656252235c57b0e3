# The engine's own words per language (engine/report/words/*.po, report/phrases.hpp) compiled
# into `target`: words.cmake writes them into a generated words.cpp as raw string literals, which
# report/catalog.cpp reads at first use. Included by engine/CMakeLists.txt and web/CMakeLists.txt
# (the WebAssembly build compiles the engine's sources itself).
set(signpost_words_dir ${CMAKE_CURRENT_LIST_DIR})
function(signpost_embed_words target)
  file(GLOB catalogs CONFIGURE_DEPENDS ${signpost_words_dir}/*.po)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/generated/words.cpp)
  add_custom_command(OUTPUT ${out}
                     COMMAND ${CMAKE_COMMAND} -DDIR=${signpost_words_dir} -DOUT=${out} -P ${signpost_words_dir}/words.cmake
                     DEPENDS ${catalogs} ${signpost_words_dir}/words.cmake
                     COMMENT "The engine's words per language from engine/report/words/*.po")
  target_sources(${target} PRIVATE ${out})
endfunction()
