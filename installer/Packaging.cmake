# Install layout and CPack settings: a Debian package and a tarball from
# `cmake --build build/release --target package`. Included from the top-level CMakeLists.txt.
# Package dependencies come from dpkg-shlibdeps.
include(GNUInstallDirs)
set(DISKSCOPE_RESOURCES ${PROJECT_SOURCE_DIR}/resources)
set(DISKSCOPE_PACKAGING_OUT ${PROJECT_BINARY_DIR}/packaging)
file(MAKE_DIRECTORY ${DISKSCOPE_PACKAGING_OUT})

# Desktop integration: entry, MIME types, AppStream metadata.
install(FILES ${DISKSCOPE_RESOURCES}/diskscope.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${DISKSCOPE_RESOURCES}/packaging/diskscope-mime.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages RENAME diskscope.xml)
configure_file(${DISKSCOPE_RESOURCES}/packaging/io.github.diskscope.Diskscope.metainfo.xml.in
               ${DISKSCOPE_PACKAGING_OUT}/io.github.diskscope.Diskscope.metainfo.xml @ONLY)
install(FILES ${DISKSCOPE_PACKAGING_OUT}/io.github.diskscope.Diskscope.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${DISKSCOPE_RESOURCES}/packaging/diskscope-img.bash-completion
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME diskscope-img)

# Icons: the SVG, and PNG sizes rendered from it at build time (librsvg2-bin).
install(FILES ${DISKSCOPE_RESOURCES}/diskscope.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
set(DISKSCOPE_ICON_SIZES 16 22 24 32 48 64 128 256)
find_program(RSVG_CONVERT rsvg-convert)
if(RSVG_CONVERT)
  set(icon_outputs)
  foreach(size IN LISTS DISKSCOPE_ICON_SIZES)
    set(png ${DISKSCOPE_PACKAGING_OUT}/icons/${size}/diskscope.png)
    add_custom_command(OUTPUT ${png}
                       COMMAND ${CMAKE_COMMAND} -E make_directory ${DISKSCOPE_PACKAGING_OUT}/icons/${size}
                       COMMAND ${RSVG_CONVERT} -w ${size} -h ${size} -o ${png} ${DISKSCOPE_RESOURCES}/diskscope.svg
                       DEPENDS ${DISKSCOPE_RESOURCES}/diskscope.svg VERBATIM)
    list(APPEND icon_outputs ${png})
    install(FILES ${png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
  endforeach()
  add_custom_target(diskscope_icons ALL DEPENDS ${icon_outputs})
else()
  message(WARNING "rsvg-convert not found (Debian: librsvg2-bin): the package gets only the SVG icon")
endif()

# Man pages: diskscope-img.1 is written from the program's own --help output, so it lists every
# command and option the program has.
set(DISKSCOPE_IMG_MAN ${DISKSCOPE_PACKAGING_OUT}/diskscope-img.1)
add_custom_command(OUTPUT ${DISKSCOPE_IMG_MAN}
                   COMMAND ${PROJECT_SOURCE_DIR}/scripts/gen-manpage.sh $<TARGET_FILE:diskscope-img>
                           ${PROJECT_VERSION} ${DISKSCOPE_IMG_MAN}
                   DEPENDS diskscope-img ${PROJECT_SOURCE_DIR}/scripts/gen-manpage.sh VERBATIM)
add_custom_target(diskscope_man ALL DEPENDS ${DISKSCOPE_IMG_MAN})
configure_file(${DISKSCOPE_RESOURCES}/packaging/diskscope.1.in ${DISKSCOPE_PACKAGING_OUT}/diskscope.1 @ONLY)
install(FILES ${DISKSCOPE_IMG_MAN} ${DISKSCOPE_PACKAGING_OUT}/diskscope.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

set(CPACK_PACKAGE_NAME "diskscope")
set(CPACK_PACKAGE_VENDOR "Diskscope")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "Diskscope maintainers <maintainers@diskscope.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION "admin")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "${PROJECT_DESCRIPTION}
 Diskscope creates, inspects, converts and checks qcow2 and raw virtual machine disk
 images: a Qt desktop application (diskscope) and a qemu-img compatible command line
 (diskscope-img).")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_STRIP_FILES ON)
include(CPack)
