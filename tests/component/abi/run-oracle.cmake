# component/abi-oracle: writes the cases with the Python reference's answers (oracle.py), then
# runs warden on them (test_abi_oracle). Variables: PYTHON, ORACLE, SPEC, CASES, OUT, TEST, FLAGS.
string(TIMESTAMP _t0 "%s")
execute_process(COMMAND ${PYTHON} ${ORACLE} ${SPEC} --cases ${CASES} -o ${OUT}
  RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "oracle.py failed (${_rc})")
endif()
string(TIMESTAMP _t1 "%s")
math(EXPR _gen "${_t1} - ${_t0}")
message(STATUS "oracle.py wrote ${CASES} cases to ${OUT} in about ${_gen} s")
execute_process(COMMAND ${TEST} ${OUT} ${FLAGS} RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "test_abi_oracle failed (${_rc})")
endif()
