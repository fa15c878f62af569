# Included from src/identity/CMakeLists.txt: the identity service, enterprises and routes.
add_library(ow_identity STATIC ${CMAKE_CURRENT_LIST_DIR}/identity_service.cpp
            ${CMAKE_CURRENT_LIST_DIR}/schema.cpp ${CMAKE_CURRENT_LIST_DIR}/enterprise_service.cpp
            ${CMAKE_CURRENT_LIST_DIR}/routes.cpp)
target_link_libraries(ow_identity PUBLIC ow_identity_validate ow_crypto ow_audit ow_store ow_http)
ow_module_headers(ow_identity identity)
