# Generates embedded_items.cpp: every hall/items/*.json compiled into the binary.
file(GLOB OW_ITEM_FILES ${SRC}/hall/items/*.json)
list(SORT OW_ITEM_FILES)
set(body "")
foreach(f ${OW_ITEM_FILES})
  get_filename_component(name ${f} NAME)
  file(READ ${f} text)
  string(APPEND body "      {\"${name}\", R\"OWITEM(${text})OWITEM\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from hall/items/*.json by src/hall/embedded_items.cmake.
#include \"hall/item_catalogue.h\"

namespace ow::hall {

std::vector<ItemFile> EmbeddedItemFiles() {
  return {
${body}  };
}

}  // namespace ow::hall
")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
