# CPack settings: a Debian package and a tarball from `cmake --build build/release --target package`.
# Included from the top-level CMakeLists.txt. Package dependencies come from dpkg-shlibdeps.
set(CPACK_PACKAGE_NAME "diskscope")
set(CPACK_PACKAGE_VENDOR "Diskscope")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "Diskscope maintainers <maintainers@diskscope.invalid>")
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION "admin")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_STRIP_FILES ON)
include(CPack)
