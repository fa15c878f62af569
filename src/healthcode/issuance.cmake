# Included from src/healthcode/CMakeLists.txt: code issuance (issuer keys, subject
# pseudonyms, trust lists for cross-region recognition, code routes).
add_library(ow_issuance STATIC
  ${CMAKE_CURRENT_LIST_DIR}/issuer_keys.cpp
  ${CMAKE_CURRENT_LIST_DIR}/issuer_schema.cpp
  ${CMAKE_CURRENT_LIST_DIR}/code_subjects.cpp
  ${CMAKE_CURRENT_LIST_DIR}/code_service.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trust_store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/qr_routes.cpp)
target_include_directories(ow_issuance PUBLIC ${CMAKE_SOURCE_DIR}/src)
target_link_libraries(ow_issuance PUBLIC ow_codes ow_identity ow_audit ow_store ow_http ow_crypto
                      PRIVATE PkgConfig::SODIUM)
