# The Debian package (`make deb`): install rules for what goes into it, and CPack's DEB
# generator. Included at the end of the top-level CMakeLists.txt, after the `onewindow`
# target exists. See docs/operations.md, "Debian package".
#
#   /usr/bin/onewindow                          the binary (stripped by CPack)
#   /usr/share/onewindow/web/                   the web app's built files (web/dist)
#   /lib/systemd/system/onewindow.service       the hardened unit (deploy/debian/)
#   /etc/onewindow/onewindow.conf               the default config (a conffile)
#   /usr/share/doc/onewindow/operations.md      the operations guide
#
# Paths are relative to CPACK_PACKAGING_INSTALL_PREFIX "/" so /etc and /lib land at the root.
# A plain `cmake --install` puts them under CMAKE_INSTALL_PREFIX instead; only the package is
# meant for installation.

if(NOT TARGET onewindow)
  return()  # e.g. OW_FUZZ builds: no binary, no package
endif()

set(OW_DEB_DIR ${CMAKE_SOURCE_DIR}/deploy/debian)

install(TARGETS onewindow RUNTIME DESTINATION usr/bin)
# web/dist is built by scripts/build-web.sh (`make web`, `make deb`). Not OPTIONAL: a package
# without the web app would install a server that answers 404 to every page.
install(DIRECTORY ${CMAKE_SOURCE_DIR}/web/dist/ DESTINATION usr/share/onewindow/web)
install(FILES ${OW_DEB_DIR}/onewindow.service DESTINATION lib/systemd/system)
install(FILES ${OW_DEB_DIR}/onewindow.conf DESTINATION etc/onewindow)
install(FILES ${CMAKE_SOURCE_DIR}/docs/operations.md DESTINATION usr/share/doc/onewindow)

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "onewindow")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "OneWindow maintainers <onewindow@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "OneWindow (一网通办) digital-government server")
set(CPACK_PACKAGING_INSTALL_PREFIX "/")
# The RelWithDebInfo binary is ~280 MB with debug information; the package carries it stripped.
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_PACKAGE_NAME "onewindow")
# Debian revision 1 of the upstream version: onewindow_0.1.0-1_amd64.deb.
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "web")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# The long description; CPack puts CPACK_PACKAGE_DESCRIPTION_SUMMARY before it as the synopsis
# line and indents each line as the control file's format wants.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Real-name registration, health codes, check-ins, contact tracing, the one-stop service
hall, hospital appointments, recruitment and OpenID Connect login for other government
platforms, served by one binary over SQLite or PostgreSQL.

This package installs the server, its web app and a hardened systemd unit
(onewindow.service) running as the system user onewindow, with its state in
/var/lib/onewindow and its configuration in /etc/onewindow.")
# Library dependencies from dpkg-shlibdeps on the binary (libsodium, libsqlite3, libpq, ...).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Added to them: the maintainer scripts create the system user with adduser.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
# conffiles (the config) and the maintainer scripts, from deploy/debian/.
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${OW_DEB_DIR}/conffiles;${OW_DEB_DIR}/postinst;${OW_DEB_DIR}/prerm;${OW_DEB_DIR}/postrm")
# Control files get Debian policy's modes (scripts 0755, conffiles 0644) whatever the source's.
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

include(CPack)
