define internal i64 @"snap_no_match.f0"(i64 %".1", i64 %".2")
{
entry:
  %"s0" = alloca i64
  %"l0" = alloca i64
  store i64 %".2", i64* %"l0"
  %".5" = inttoptr i64 ptrtoint (i8* @"rt_stack" to i64) to {i64, i64}*
  %".6" = getelementptr inbounds {i64, i64}, {i64, i64}* %".5", i32 0, i32 0
  %".7" = load i64, i64* %".6"
  %".8" = getelementptr inbounds {i64, i64}, {i64, i64}* %".5", i32 0, i32 1
  %".9" = load i64, i64* %".8"
  %".10" = call i8* @"llvm.stacksave"()
  %".11" = ptrtoint i8* %".10" to i64
  %".12" = icmp ugt i64 %".11", %".7"
  %".13" = icmp slt i64 %".1", %".9"
  %".14" = and i1 %".12", %".13"
  br i1 %".14", label %"ok_depth", label %"bail_depth", !prof !0
ok_depth:
  br label %"L0"
bail_depth:
  store i32 8, i32* @"snap_no_match.reason"
  ret i64 -281474976710656
L0:
  %".19" = load i64, i64* %"l0"
  %".20" = load i64, i64* @"rt_sym.S"
  %".21" = call i8* @"rt_new_tuple"(i64 2)
  %".22" = icmp eq i8* %".21", null
  br i1 %".22", label %"L0.if", label %"L0.endif", !prof !2
L0.if:
  call void @"PyErr_Clear"()
  br label %"L0.endif"
L0.endif:
  %".26" = xor i1 %".22", -1
  br i1 %".26", label %"ok_no_memory", label %"bail_no_memory", !prof !0
ok_no_memory:
  %".30" = ptrtoint i8* %".21" to i64
  %".31" = add i64 %".30", 24
  %".32" = call i8* @"rt_own_word"(i64 %".20")
  %".33" = icmp eq i8* %".32", null
  br i1 %".33", label %"ok_no_memory.if", label %"ok_no_memory.endif", !prof !2
bail_no_memory:
  store i32 7, i32* @"snap_no_match.reason"
  ret i64 -281474976710656
ok_no_memory.if:
  call void @"Py_DecRef"(i8* %".21")
  call void @"PyErr_Clear"()
  br label %"bail_no_memory"
ok_no_memory.endif:
  %".39" = add i64 %".31", 0
  %".40" = inttoptr i64 %".39" to i8**
  store i8* %".32", i8** %".40"
  %".42" = call i8* @"rt_own_word"(i64 %".19")
  %".43" = icmp eq i8* %".42", null
  br i1 %".43", label %"ok_no_memory.endif.if", label %"ok_no_memory.endif.endif", !prof !2
dead:
  br label %"ok_no_memory.endif"
ok_no_memory.endif.if:
  call void @"Py_DecRef"(i8* %".21")
  call void @"PyErr_Clear"()
  br label %"bail_no_memory"
ok_no_memory.endif.endif:
  %".49" = add i64 %".31", 8
  %".50" = inttoptr i64 %".49" to i8**
  store i8* %".42", i8** %".50"
  %".52" = call i8* @"rt_new_expression"(i8* %".21")
  %".53" = icmp eq i8* %".52", null
  br i1 %".53", label %"ok_no_memory.endif.endif.if", label %"ok_no_memory.endif.endif.endif", !prof !2
dead.1:
  br label %"ok_no_memory.endif.endif"
ok_no_memory.endif.endif.if:
  call void @"PyErr_Clear"()
  br label %"ok_no_memory.endif.endif.endif"
ok_no_memory.endif.endif.endif:
  %".57" = xor i1 %".53", -1
  br i1 %".57", label %"ok_no_memory.1", label %"bail_no_memory", !prof !0
ok_no_memory.1:
  %".59" = ptrtoint i8* %".52" to i64
  %".60" = or i64 %".59", -844424930131968
  ret i64 %".60"
}
