define internal i64 @"snap_push_template.f0"(i64 %".1", i64 %".2")
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
  store i32 8, i32* @"snap_push_template.reason"
  ret i64 -281474976710656
L0:
  %".19" = load i64, i64* @"rt_sym.quote"
  %".20" = load i64, i64* @"rt_sym.e"
  %".21" = load i64, i64* @"rt_sym.p"
  %".22" = load i64, i64* %"l0"
  %".23" = call i8* @"rt_new_tuple"(i64 2)
  %".24" = icmp eq i8* %".23", null
  br i1 %".24", label %"L0.if", label %"L0.endif", !prof !2
L0.if:
  call void @"PyErr_Clear"()
  br label %"L0.endif"
L0.endif:
  %".28" = xor i1 %".24", -1
  br i1 %".28", label %"ok_no_memory", label %"bail_no_memory", !prof !0
ok_no_memory:
  %".32" = ptrtoint i8* %".23" to i64
  %".33" = add i64 %".32", 24
  %".34" = call i8* @"rt_own_word"(i64 %".21")
  %".35" = icmp eq i8* %".34", null
  br i1 %".35", label %"ok_no_memory.if", label %"ok_no_memory.endif", !prof !2
bail_no_memory:
  store i32 7, i32* @"snap_push_template.reason"
  ret i64 -281474976710656
ok_no_memory.if:
  call void @"Py_DecRef"(i8* %".23")
  call void @"PyErr_Clear"()
  br label %"bail_no_memory"
ok_no_memory.endif:
  %".41" = add i64 %".33", 0
  %".42" = inttoptr i64 %".41" to i8**
  store i8* %".34", i8** %".42"
  %".44" = call i8* @"rt_own_word"(i64 %".22")
  %".45" = icmp eq i8* %".44", null
  br i1 %".45", label %"ok_no_memory.endif.if", label %"ok_no_memory.endif.endif", !prof !2
dead:
  br label %"ok_no_memory.endif"
ok_no_memory.endif.if:
  call void @"Py_DecRef"(i8* %".23")
  call void @"PyErr_Clear"()
  br label %"bail_no_memory"
ok_no_memory.endif.endif:
  %".51" = add i64 %".33", 8
  %".52" = inttoptr i64 %".51" to i8**
  store i8* %".44", i8** %".52"
  %".54" = call i8* @"rt_new_expression"(i8* %".23")
  %".55" = icmp eq i8* %".54", null
  br i1 %".55", label %"ok_no_memory.endif.endif.if", label %"ok_no_memory.endif.endif.endif", !prof !2
dead.1:
  br label %"ok_no_memory.endif.endif"
ok_no_memory.endif.endif.if:
  call void @"PyErr_Clear"()
  br label %"ok_no_memory.endif.endif.endif"
ok_no_memory.endif.endif.endif:
  %".59" = xor i1 %".55", -1
  br i1 %".59", label %"ok_no_memory.1", label %"bail_no_memory", !prof !0
ok_no_memory.1:
  %".61" = ptrtoint i8* %".54" to i64
  %".62" = or i64 %".61", -844424930131968
  %".63" = and i64 %".62", 281474976710655
  %".64" = add i64 %".63", 32
  %".65" = inttoptr i64 %".64" to i8**
  %".66" = load i8*, i8** %".65"
  %".67" = inttoptr i64 ptrtoint (i8* @"rt_int_minus_one" to i64) to i8*
  call void @"Py_IncRef"(i8* %".67")
  store i8* %".67", i8** %".65"
  call void @"Py_DecRef"(i8* %".66")
  %".71" = load i64, i64* %"l0"
  %".72" = call i8* @"rt_new_tuple"(i64 3)
  %".73" = icmp eq i8* %".72", null
  br i1 %".73", label %"ok_no_memory.1.if", label %"ok_no_memory.1.endif", !prof !2
ok_no_memory.1.if:
  call void @"PyErr_Clear"()
  br label %"ok_no_memory.1.endif"
ok_no_memory.1.endif:
  %".77" = xor i1 %".73", -1
  br i1 %".77", label %"ok_no_memory.2", label %"bail_no_memory", !prof !0
ok_no_memory.2:
  %".79" = ptrtoint i8* %".72" to i64
  %".80" = add i64 %".79", 24
  %".81" = call i8* @"rt_own_word"(i64 %".20")
  %".82" = icmp eq i8* %".81", null
  br i1 %".82", label %"ok_no_memory.2.if", label %"ok_no_memory.2.endif", !prof !2
ok_no_memory.2.if:
  call void @"Py_DecRef"(i8* %".72")
  call void @"PyErr_Clear"()
  br label %"bail_no_memory"
ok_no_memory.2.endif:
  %".88" = add i64 %".80", 0
  %".89" = inttoptr i64 %".88" to i8**
  store i8* %".81", i8** %".89"
  %".91" = call i8* @"rt_own_word"(i64 %".62")
  %".92" = icmp eq i8* %".91", null
  br i1 %".92", label %"ok_no_memory.2.endif.if", label %"ok_no_memory.2.endif.endif", !prof !2
dead.2:
  br label %"ok_no_memory.2.endif"
ok_no_memory.2.endif.if:
  call void @"Py_DecRef"(i8* %".72")
  call void @"PyErr_Clear"()
  br label %"bail_no_memory"
ok_no_memory.2.endif.endif:
  %".98" = add i64 %".80", 8
  %".99" = inttoptr i64 %".98" to i8**
  store i8* %".91", i8** %".99"
  %".101" = call i8* @"rt_own_word"(i64 %".71")
  %".102" = icmp eq i8* %".101", null
  br i1 %".102", label %"ok_no_memory.2.endif.endif.if", label %"ok_no_memory.2.endif.endif.endif", !prof !2
dead.3:
  br label %"ok_no_memory.2.endif.endif"
ok_no_memory.2.endif.endif.if:
  call void @"Py_DecRef"(i8* %".72")
  call void @"PyErr_Clear"()
  br label %"bail_no_memory"
ok_no_memory.2.endif.endif.endif:
  %".108" = add i64 %".80", 16
  %".109" = inttoptr i64 %".108" to i8**
  store i8* %".101", i8** %".109"
  %".111" = call i8* @"rt_new_expression"(i8* %".72")
  %".112" = icmp eq i8* %".111", null
  br i1 %".112", label %"ok_no_memory.2.endif.endif.endif.if", label %"ok_no_memory.2.endif.endif.endif.endif", !prof !2
dead.4:
  br label %"ok_no_memory.2.endif.endif.endif"
ok_no_memory.2.endif.endif.endif.if:
  call void @"PyErr_Clear"()
  br label %"ok_no_memory.2.endif.endif.endif.endif"
ok_no_memory.2.endif.endif.endif.endif:
  %".116" = xor i1 %".112", -1
  br i1 %".116", label %"ok_no_memory.3", label %"bail_no_memory", !prof !0
ok_no_memory.3:
  %".118" = ptrtoint i8* %".111" to i64
  %".119" = or i64 %".118", -844424930131968
  %".120" = and i64 %".119", 281474976710655
  %".121" = add i64 %".120", 32
  %".122" = inttoptr i64 %".121" to i8**
  %".123" = load i8*, i8** %".122"
  %".124" = inttoptr i64 ptrtoint (i8* @"rt_int_minus_one" to i64) to i8*
  call void @"Py_IncRef"(i8* %".124")
  store i8* %".124", i8** %".122"
  call void @"Py_DecRef"(i8* %".123")
  %".128" = call i8* @"rt_new_tuple"(i64 2)
  %".129" = icmp eq i8* %".128", null
  br i1 %".129", label %"ok_no_memory.3.if", label %"ok_no_memory.3.endif", !prof !2
ok_no_memory.3.if:
  call void @"PyErr_Clear"()
  br label %"ok_no_memory.3.endif"
ok_no_memory.3.endif:
  %".133" = xor i1 %".129", -1
  br i1 %".133", label %"ok_no_memory.4", label %"bail_no_memory", !prof !0
ok_no_memory.4:
  %".135" = ptrtoint i8* %".128" to i64
  %".136" = add i64 %".135", 24
  %".137" = call i8* @"rt_own_word"(i64 %".19")
  %".138" = icmp eq i8* %".137", null
  br i1 %".138", label %"ok_no_memory.4.if", label %"ok_no_memory.4.endif", !prof !2
ok_no_memory.4.if:
  call void @"Py_DecRef"(i8* %".128")
  call void @"PyErr_Clear"()
  br label %"bail_no_memory"
ok_no_memory.4.endif:
  %".144" = add i64 %".136", 0
  %".145" = inttoptr i64 %".144" to i8**
  store i8* %".137", i8** %".145"
  %".147" = call i8* @"rt_own_word"(i64 %".119")
  %".148" = icmp eq i8* %".147", null
  br i1 %".148", label %"ok_no_memory.4.endif.if", label %"ok_no_memory.4.endif.endif", !prof !2
dead.5:
  br label %"ok_no_memory.4.endif"
ok_no_memory.4.endif.if:
  call void @"Py_DecRef"(i8* %".128")
  call void @"PyErr_Clear"()
  br label %"bail_no_memory"
ok_no_memory.4.endif.endif:
  %".154" = add i64 %".136", 8
  %".155" = inttoptr i64 %".154" to i8**
  store i8* %".147", i8** %".155"
  %".157" = call i8* @"rt_new_expression"(i8* %".128")
  %".158" = icmp eq i8* %".157", null
  br i1 %".158", label %"ok_no_memory.4.endif.endif.if", label %"ok_no_memory.4.endif.endif.endif", !prof !2
dead.6:
  br label %"ok_no_memory.4.endif.endif"
ok_no_memory.4.endif.endif.if:
  call void @"PyErr_Clear"()
  br label %"ok_no_memory.4.endif.endif.endif"
ok_no_memory.4.endif.endif.endif:
  %".162" = xor i1 %".158", -1
  br i1 %".162", label %"ok_no_memory.5", label %"bail_no_memory", !prof !0
ok_no_memory.5:
  %".164" = ptrtoint i8* %".157" to i64
  %".165" = or i64 %".164", -844424930131968
  %".166" = and i64 %".165", 281474976710655
  %".167" = add i64 %".166", 32
  %".168" = inttoptr i64 %".167" to i8**
  %".169" = load i8*, i8** %".168"
  %".170" = inttoptr i64 ptrtoint (i8* @"rt_int_minus_one" to i64) to i8*
  call void @"Py_IncRef"(i8* %".170")
  store i8* %".170", i8** %".168"
  call void @"Py_DecRef"(i8* %".169")
  ret i64 %".165"
}
