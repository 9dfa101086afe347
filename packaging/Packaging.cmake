# Desktop integration files and CPack: a DEB on Linux, whose Depends come from
# dpkg-shlibdeps, and an NSIS installer on Windows. `cpack` in the build
# directory makes the package.
include(GNUInstallDirs)

set(_sa_linux_dir ${CMAKE_CURRENT_LIST_DIR}/linux)
if(SPARSEADAPTER_BUILD_GUI AND UNIX AND NOT APPLE)
    install(FILES ${_sa_linux_dir}/io.github.sparseadapter.Studio.desktop
            DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${_sa_linux_dir}/io.github.sparseadapter.Studio.metainfo.xml
            DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    # Named after the application id, as the .desktop file's Icon= expects.
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/sparseadapter-studio.svg
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
            RENAME io.github.sparseadapter.Studio.svg)
endif()

set(SPARSEADAPTER_PACKAGE_MAINTAINER "SparseAdapter Studio maintainers <maintainers@sparseadapter.invalid>"
    CACHE STRING "Maintainer (\"Name <email>\") written into the packages")

set(CPACK_PACKAGE_NAME sparseadapter-studio)
set(CPACK_PACKAGE_VENDOR "SparseAdapter")
set(CPACK_PACKAGE_CONTACT "${SPARSEADAPTER_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# Lines kept under 80 columns: the DEB's extended description shows them as is.
set(CPACK_PACKAGE_DESCRIPTION [[
SparseAdapter Studio is a research workbench for SparseAdapter (He et al.,
Findings of EMNLP 2022): adapter tuning of a frozen pretrained language model
whose adapter weights are pruned once, at initialization, by a saliency
method (Random, Magnitude, Erdos-Renyi, SNIP, GraSP, SynFlow). It provides
the sparseadapter command-line tool and, when built with the GUI, the
sparseadapter-studio desktop application.]])
set(CPACK_PACKAGE_INSTALL_DIRECTORY "SparseAdapter Studio")
if(EXISTS ${PROJECT_SOURCE_DIR}/LICENSE)
    set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
endif()
set(CPACK_STRIP_FILES ON)

set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/" "/runs/")

# DEB
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SPARSEADAPTER_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# LibTorch links the generic libblas.so.3, which shlibdeps satisfies with
# libblas3, the reference BLAS: 45 s for the demo against 24-27 s. Depending
# on OpenBLAS makes apt install it, and its alternative outranks libblas3's.
# The OpenMP build runs in LibTorch's own thread pool (libgomp), which makes
# a training step ~25 % faster on 2 cores than the pthreads build; the
# programs load it at start even where the pthreads build is the system's
# libblas.so.3 (core/model/blas_choice.h).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-openmp")
if(SPARSEADAPTER_BUILD_GUI)
    # Plugins Qt loads at run time, which dpkg-shlibdeps cannot see: the
    # platform plugins (xcb, wayland) and the SVG image format for the icon.
    # shlibdeps appends its own findings to this list.
    string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", qt6-qpa-plugins, libqt6svg6")
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n")
endif()

# NSIS
set(CPACK_NSIS_DISPLAY_NAME "SparseAdapter Studio")
set(CPACK_NSIS_PACKAGE_NAME "SparseAdapter Studio")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_MODIFY_PATH ON) # offers to put the `sparseadapter` CLI on PATH
if(SPARSEADAPTER_BUILD_GUI)
    set(CPACK_PACKAGE_EXECUTABLES sparseadapter-studio "SparseAdapter Studio")
endif()

if(WIN32)
    set(CPACK_GENERATOR NSIS)
elseif(UNIX AND NOT APPLE)
    set(CPACK_GENERATOR DEB)
endif()

include(CPack)
