# Writes build/generated/kohorte_version.h with the version and the git commit of the checkout
# (with "-dirty" if it has uncommitted changes). Run at every build by the kohorte_version target;
# configure_file leaves the header untouched when nothing changed, so nothing recompiles then.
# Usage: cmake -DSOURCE_DIR=... -DBINARY_DIR=... -DPROJECT_VERSION=... -P scripts/version.cmake
execute_process(COMMAND git rev-parse --short=12 HEAD WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE KOHORTE_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT KOHORTE_GIT_COMMIT)
  set(KOHORTE_GIT_COMMIT "unknown")
else()
  execute_process(COMMAND git diff --quiet HEAD -- WORKING_DIRECTORY ${SOURCE_DIR}
                  RESULT_VARIABLE dirty ERROR_QUIET)
  if(dirty)
    string(APPEND KOHORTE_GIT_COMMIT "-dirty")
  endif()
endif()
configure_file(${SOURCE_DIR}/model/kohorte_version.h.in ${BINARY_DIR}/generated/kohorte_version.h @ONLY)
