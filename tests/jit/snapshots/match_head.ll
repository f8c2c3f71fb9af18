define internal i64 @"snap_match_head.f0"(i64 %".1", i64 %".2")
{
entry:
  %"s0" = alloca i64
  %"s1" = alloca i64
  %"l0" = alloca i64
  %"l1" = alloca i64
  store i64 %".2", i64* %"l0"
  store i64 -1407374883553280, i64* %"l1"
  %".6" = inttoptr i64 ptrtoint (i8* @"rt_stack" to i64) to {i64, i64}*
  %".7" = getelementptr inbounds {i64, i64}, {i64, i64}* %".6", i32 0, i32 0
  %".8" = load i64, i64* %".7"
  %".9" = getelementptr inbounds {i64, i64}, {i64, i64}* %".6", i32 0, i32 1
  %".10" = load i64, i64* %".9"
  %".11" = call i8* @"llvm.stacksave"()
  %".12" = ptrtoint i8* %".11" to i64
  %".13" = icmp ugt i64 %".12", %".8"
  %".14" = icmp slt i64 %".1", %".10"
  %".15" = and i1 %".13", %".14"
  br i1 %".15", label %"ok_depth", label %"bail_depth", !prof !0
ok_depth:
  br label %"L0"
bail_depth:
  store i32 8, i32* @"snap_match_head.reason"
  ret i64 -281474976710656
L0:
  %".20" = load i64, i64* %"l0"
  %".21" = load i64, i64* @"rt_sym.Z"
  %".22" = icmp eq i64 %".20", %".21"
  br i1 %".22", label %"const", label %"const_not"
L3:
  br label %"L5"
L5:
  %".55" = and i64 0, 281474976710655
  %".56" = or i64 %".55", -2251799813685248
  ret i64 %".56"
L8:
  %".58" = load i64, i64* %"l0"
  %".59" = lshr i64 %".58", 48
  %".60" = icmp eq i64 %".59", 65533
  br i1 %".60", label %"expr_handle", label %"L20"
L11:
  %".116" = load i64, i64* %"l1"
  %".117" = lshr i64 %".116", 48
  %".118" = icmp eq i64 %".117", 65528
  %".119" = lshr i64 %".116", 1
  %".120" = icmp eq i64 %".119", 9222386874436288512
  %".121" = or i1 %".118", %".120"
  %".122" = lshr i64 %".116", 51
  %".123" = icmp ne i64 %".122", 8191
  %".124" = or i1 %".121", %".123"
  %".125" = xor i1 %".124", -1
  br i1 %".125", label %"L11.if", label %"L11.endif", !prof !2
L20:
  %".168" = load i64, i64* %"l0"
  %".169" = load i64, i64* @"rt_sym.from-peano"
  %".170" = call i8* @"rt_new_tuple"(i64 2)
  %".171" = icmp eq i8* %".170", null
  br i1 %".171", label %"L20.if", label %"L20.endif", !prof !2
const:
  br label %"L3"
const_not:
  %".24" = lshr i64 %".20", 48
  %".25" = icmp eq i64 %".24", 65532
  %".26" = lshr i64 %".20", 48
  %".27" = icmp eq i64 %".26", 65531
  %".28" = or i1 %".25", %".27"
  %".29" = lshr i64 %".20", 48
  %".30" = icmp eq i64 %".29", 65530
  %".31" = or i1 %".28", %".30"
  %".32" = lshr i64 %".20", 48
  %".33" = icmp eq i64 %".32", 65528
  %".34" = lshr i64 %".20", 48
  %".35" = icmp eq i64 %".34", 65529
  %".36" = lshr i64 %".20", 51
  %".37" = icmp ne i64 %".36", 8191
  %".38" = or i1 %".35", %".37"
  %".39" = or i1 %".33", %".38"
  %".40" = or i1 %".31", %".39"
  %".41" = lshr i64 %".20", 48
  %".42" = icmp eq i64 %".41", 65533
  br i1 %".40", label %"L8", label %"const_handle"
const_handle:
  br i1 %".42", label %"const_handle_not", label %"bail_term"
const_handle_not:
  %".47" = and i64 %".20", 281474976710655
  %".48" = add i64 %".47", 8
  %".49" = inttoptr i64 %".48" to i64*
  %".50" = load i64, i64* %".49"
  %".51" = icmp eq i64 %".50", ptrtoint (i8* @"rt_type_expression" to i64)
  br i1 %".51", label %"L8", label %"bail_term"
bail_term:
  store i32 10, i32* @"snap_match_head.reason"
  ret i64 -281474976710656
expr_handle:
  %".62" = and i64 %".58", 281474976710655
  %".63" = add i64 %".62", 8
  %".64" = inttoptr i64 %".63" to i64*
  %".65" = load i64, i64* %".64"
  %".66" = icmp eq i64 %".65", ptrtoint (i8* @"rt_type_expression" to i64)
  br i1 %".66", label %"expr_type", label %"L20"
expr_type:
  %".68" = add i64 %".62", 40
  %".69" = inttoptr i64 %".68" to i64*
  %".70" = load i64, i64* %".69"
  %".71" = add i64 %".70", 16
  %".72" = inttoptr i64 %".71" to i64*
  %".73" = load i64, i64* %".72"
  %".74" = icmp eq i64 %".73", 2
  br i1 %".74", label %"expr_len", label %"L20"
expr_len:
  %".76" = add i64 %".70", 24
  %".77" = inttoptr i64 %".76" to i8**
  %".78" = load i8*, i8** %".77"
  %".79" = call i64 @"rt_unbox_child"(i8* %".78")
  %".80" = load i64, i64* @"rt_sym.S"
  %".81" = icmp eq i64 %".79", %".80"
  br i1 %".81", label %"const.1", label %"const_not.1"
const.1:
  %".110" = add i64 %".70", 32
  %".111" = inttoptr i64 %".110" to i8**
  %".112" = load i8*, i8** %".111"
  %".113" = call i64 @"rt_unbox_child"(i8* %".112")
  store i64 %".113", i64* %"l1"
  br label %"L11"
const_not.1:
  %".83" = lshr i64 %".79", 48
  %".84" = icmp eq i64 %".83", 65532
  %".85" = lshr i64 %".79", 48
  %".86" = icmp eq i64 %".85", 65531
  %".87" = or i1 %".84", %".86"
  %".88" = lshr i64 %".79", 48
  %".89" = icmp eq i64 %".88", 65530
  %".90" = or i1 %".87", %".89"
  %".91" = lshr i64 %".79", 48
  %".92" = icmp eq i64 %".91", 65528
  %".93" = lshr i64 %".79", 48
  %".94" = icmp eq i64 %".93", 65529
  %".95" = lshr i64 %".79", 51
  %".96" = icmp ne i64 %".95", 8191
  %".97" = or i1 %".94", %".96"
  %".98" = or i1 %".92", %".97"
  %".99" = or i1 %".90", %".98"
  %".100" = lshr i64 %".79", 48
  %".101" = icmp eq i64 %".100", 65533
  br i1 %".99", label %"L20", label %"const_handle.1"
const_handle.1:
  br i1 %".101", label %"const_handle_not.1", label %"bail_term"
const_handle_not.1:
  %".104" = and i64 %".79", 281474976710655
  %".105" = add i64 %".104", 8
  %".106" = inttoptr i64 %".105" to i64*
  %".107" = load i64, i64* %".106"
  %".108" = icmp eq i64 %".107", ptrtoint (i8* @"rt_type_expression" to i64)
  br i1 %".108", label %"L20", label %"bail_term"
L11.if:
  %".127" = call i1 @"rt_word_inert"(i64 %".116")
  br i1 %".127", label %"ok_term", label %"bail_term", !prof !0
L11.endif:
  %".130" = inttoptr i64 ptrtoint (i8* @"rt_native_steps" to i64) to i64*
  %".131" = getelementptr inbounds i64, i64* %".130", i64 0
  %".132" = getelementptr inbounds i64, i64* %".130", i64 1
  %".133" = load i64, i64* %".131"
  %".134" = add i64 %".133", 1
  store i64 %".134", i64* %".131"
  %".136" = load i64, i64* %".132"
  %".137" = icmp sgt i64 %".134", %".136"
  br i1 %".137", label %"poll", label %"stepped", !prof !3
ok_term:
  br label %"L11.endif"
poll:
  %".139" = call i32 @"rt_poll"()
  %".140" = icmp eq i32 %".139", 0
  br i1 %".140", label %"stepped", label %"bail_stopped"
stepped:
  %".144" = call i1 @"rt_word_callable"(i64 %".116")
  br i1 %".144", label %"ok_term.1", label %"bail_term", !prof !0
bail_stopped:
  store i32 9, i32* @"snap_match_head.reason"
  ret i64 -281474976710656
ok_term.1:
  %".146" = add nuw i64 %".1", 1
  %".147" = call i64 @"snap_match_head.f1"(i64 %".146", i64 %".116")
  %".148" = icmp eq i64 %".147", -281474976710656
  br i1 %".148", label %"propagate", label %"called", !prof !4
called:
  %".151" = lshr i64 %".147", 48
  %".152" = icmp eq i64 %".151", 65528
  br i1 %".152", label %"ok_not_small_int", label %"bail_not_small_int", !prof !0
propagate:
  ret i64 -281474976710656
ok_not_small_int:
  %".156" = shl i64 %".147", 16
  %".157" = ashr i64 %".156", 16
  %".158" = add nsw i64 1, %".157"
  %".159" = shl i64 %".158", 16
  %".160" = ashr i64 %".159", 16
  %".161" = icmp eq i64 %".160", %".158"
  br i1 %".161", label %"ok_overflow", label %"bail_overflow", !prof !0
bail_not_small_int:
  store i32 1, i32* @"snap_match_head.reason"
  ret i64 -281474976710656
ok_overflow:
  %".165" = and i64 %".158", 281474976710655
  %".166" = or i64 %".165", -2251799813685248
  ret i64 %".166"
bail_overflow:
  store i32 2, i32* @"snap_match_head.reason"
  ret i64 -281474976710656
L20.if:
  call void @"PyErr_Clear"()
  br label %"L20.endif"
L20.endif:
  %".175" = xor i1 %".171", -1
  br i1 %".175", label %"ok_no_memory", label %"bail_no_memory", !prof !0
ok_no_memory:
  %".179" = ptrtoint i8* %".170" to i64
  %".180" = add i64 %".179", 24
  %".181" = call i8* @"rt_own_word"(i64 %".169")
  %".182" = icmp eq i8* %".181", null
  br i1 %".182", label %"ok_no_memory.if", label %"ok_no_memory.endif", !prof !2
bail_no_memory:
  store i32 7, i32* @"snap_match_head.reason"
  ret i64 -281474976710656
ok_no_memory.if:
  call void @"Py_DecRef"(i8* %".170")
  call void @"PyErr_Clear"()
  br label %"bail_no_memory"
ok_no_memory.endif:
  %".188" = add i64 %".180", 0
  %".189" = inttoptr i64 %".188" to i8**
  store i8* %".181", i8** %".189"
  %".191" = call i8* @"rt_own_word"(i64 %".168")
  %".192" = icmp eq i8* %".191", null
  br i1 %".192", label %"ok_no_memory.endif.if", label %"ok_no_memory.endif.endif", !prof !2
dead:
  br label %"ok_no_memory.endif"
ok_no_memory.endif.if:
  call void @"Py_DecRef"(i8* %".170")
  call void @"PyErr_Clear"()
  br label %"bail_no_memory"
ok_no_memory.endif.endif:
  %".198" = add i64 %".180", 8
  %".199" = inttoptr i64 %".198" to i8**
  store i8* %".191", i8** %".199"
  %".201" = call i8* @"rt_new_expression"(i8* %".170")
  %".202" = icmp eq i8* %".201", null
  br i1 %".202", label %"ok_no_memory.endif.endif.if", label %"ok_no_memory.endif.endif.endif", !prof !2
dead.1:
  br label %"ok_no_memory.endif.endif"
ok_no_memory.endif.endif.if:
  call void @"PyErr_Clear"()
  br label %"ok_no_memory.endif.endif.endif"
ok_no_memory.endif.endif.endif:
  %".206" = xor i1 %".202", -1
  br i1 %".206", label %"ok_no_memory.1", label %"bail_no_memory", !prof !0
ok_no_memory.1:
  %".208" = ptrtoint i8* %".201" to i64
  %".209" = or i64 %".208", -844424930131968
  ret i64 %".209"
}
