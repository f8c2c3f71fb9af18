define internal i64 @"snap_call_grounded.f0"(i64 %".1", i64 %".2", i64 %".3")
{
entry:
  %"s0" = alloca i64
  %"s1" = alloca i64
  %"l0" = alloca i64
  %"l1" = alloca i64
  %"l2" = alloca i64
  %"l3" = alloca i64
  store i64 %".2", i64* %"l0"
  store i64 %".3", i64* %"l1"
  store i64 -1407374883553280, i64* %"l2"
  store i64 -1407374883553280, i64* %"l3"
  %".9" = inttoptr i64 ptrtoint (i8* @"rt_stack" to i64) to {i64, i64}*
  %".10" = getelementptr inbounds {i64, i64}, {i64, i64}* %".9", i32 0, i32 0
  %".11" = load i64, i64* %".10"
  %".12" = getelementptr inbounds {i64, i64}, {i64, i64}* %".9", i32 0, i32 1
  %".13" = load i64, i64* %".12"
  %".14" = call i8* @"llvm.stacksave"()
  %".15" = ptrtoint i8* %".14" to i64
  %".16" = icmp ugt i64 %".15", %".11"
  %".17" = icmp slt i64 %".1", %".13"
  %".18" = and i1 %".16", %".17"
  br i1 %".18", label %"ok_depth", label %"bail_depth", !prof !0
ok_depth:
  br label %"L0"
bail_depth:
  store i32 8, i32* @"snap_call_grounded.reason"
  ret i64 -281474976710656
L0:
  %".23" = load i64, i64* %"l0"
  %".24" = lshr i64 %".23", 48
  %".25" = icmp eq i64 %".24", 65528
  %".26" = lshr i64 %".23", 1
  %".27" = icmp eq i64 %".26", 9222386874436288512
  %".28" = or i1 %".25", %".27"
  %".29" = lshr i64 %".23", 51
  %".30" = icmp ne i64 %".29", 8191
  %".31" = or i1 %".28", %".30"
  %".32" = xor i1 %".31", -1
  br i1 %".32", label %"L0.if", label %"L0.endif", !prof !1
L8:
  %".67" = call i32 @"rt_space_commit"(i8* null, i64 -1)
  ret i64 -1688849860263936
L10:
  %".69" = load i64, i64* @"rt_sym.ha6f33601fa4bb35be319c1ee"
  %".70" = call i64 @"rt_space_token"(i64 %".69")
  %".71" = load i64, i64* @"rt_sym.e"
  %".72" = load i64, i64* %"l0"
  %".73" = call i8* @"rt_new_tuple"(i64 2)
  %".74" = icmp eq i8* %".73", null
  br i1 %".74", label %"L10.if", label %"L10.endif", !prof !1
L21:
  %".144" = load i64, i64* %"s0"
  store i64 %".144", i64* %"l2"
  %".146" = load i64, i64* %"l0"
  %".147" = lshr i64 %".146", 48
  %".148" = icmp eq i64 %".147", 65528
  %".149" = lshr i64 %".146", 1
  %".150" = icmp eq i64 %".149", 9222386874436288512
  %".151" = or i1 %".148", %".150"
  %".152" = lshr i64 %".146", 51
  %".153" = icmp ne i64 %".152", 8191
  %".154" = or i1 %".151", %".153"
  %".155" = xor i1 %".154", -1
  br i1 %".155", label %"L21.if", label %"L21.endif", !prof !1
L0.if:
  %".34" = call i1 @"rt_word_inert"(i64 %".23")
  br i1 %".34", label %"ok_term", label %"bail_term", !prof !0
L0.endif:
  %".39" = load i64, i64* %"l1"
  %".40" = lshr i64 %".39", 48
  %".41" = icmp eq i64 %".40", 65528
  %".42" = lshr i64 %".39", 1
  %".43" = icmp eq i64 %".42", 9222386874436288512
  %".44" = or i1 %".41", %".43"
  %".45" = lshr i64 %".39", 51
  %".46" = icmp ne i64 %".45", 8191
  %".47" = or i1 %".44", %".46"
  %".48" = xor i1 %".47", -1
  br i1 %".48", label %"L0.endif.if", label %"L0.endif.endif", !prof !1
ok_term:
  br label %"L0.endif"
bail_term:
  store i32 10, i32* @"snap_call_grounded.reason"
  ret i64 -281474976710656
L0.endif.if:
  %".50" = call i1 @"rt_word_inert"(i64 %".39")
  br i1 %".50", label %"ok_term.1", label %"bail_term", !prof !0
L0.endif.endif:
  %".53" = lshr i64 %".39", 48
  %".54" = icmp eq i64 %".53", 65528
  br i1 %".54", label %"ok_not_small_int", label %"bail_not_small_int", !prof !0
ok_term.1:
  br label %"L0.endif.endif"
ok_not_small_int:
  %".58" = shl i64 %".39", 16
  %".59" = ashr i64 %".58", 16
  %".60" = lshr i64 %".23", 48
  %".61" = icmp eq i64 %".60", 65528
  br i1 %".61", label %"ok_not_small_int.1", label %"bail_not_small_int", !prof !0
bail_not_small_int:
  store i32 1, i32* @"snap_call_grounded.reason"
  ret i64 -281474976710656
ok_not_small_int.1:
  %".63" = shl i64 %".23", 16
  %".64" = ashr i64 %".63", 16
  %".65" = icmp sge i64 %".64", %".59"
  br i1 %".65", label %"L8", label %"L10"
L10.if:
  call void @"PyErr_Clear"()
  br label %"L10.endif"
L10.endif:
  %".78" = xor i1 %".74", -1
  br i1 %".78", label %"ok_no_memory", label %"bail_no_memory", !prof !0
ok_no_memory:
  %".82" = ptrtoint i8* %".73" to i64
  %".83" = add i64 %".82", 24
  %".84" = call i8* @"rt_own_word"(i64 %".71")
  %".85" = icmp eq i8* %".84", null
  br i1 %".85", label %"ok_no_memory.if", label %"ok_no_memory.endif", !prof !1
bail_no_memory:
  store i32 7, i32* @"snap_call_grounded.reason"
  ret i64 -281474976710656
ok_no_memory.if:
  call void @"Py_DecRef"(i8* %".73")
  call void @"PyErr_Clear"()
  br label %"bail_no_memory"
ok_no_memory.endif:
  %".91" = add i64 %".83", 0
  %".92" = inttoptr i64 %".91" to i8**
  store i8* %".84", i8** %".92"
  %".94" = call i8* @"rt_own_word"(i64 %".72")
  %".95" = icmp eq i8* %".94", null
  br i1 %".95", label %"ok_no_memory.endif.if", label %"ok_no_memory.endif.endif", !prof !1
dead:
  br label %"ok_no_memory.endif"
ok_no_memory.endif.if:
  call void @"Py_DecRef"(i8* %".73")
  call void @"PyErr_Clear"()
  br label %"bail_no_memory"
ok_no_memory.endif.endif:
  %".101" = add i64 %".83", 8
  %".102" = inttoptr i64 %".101" to i8**
  store i8* %".94", i8** %".102"
  %".104" = call i8* @"rt_new_expression"(i8* %".73")
  %".105" = icmp eq i8* %".104", null
  br i1 %".105", label %"ok_no_memory.endif.endif.if", label %"ok_no_memory.endif.endif.endif", !prof !1
dead.1:
  br label %"ok_no_memory.endif.endif"
ok_no_memory.endif.endif.if:
  call void @"PyErr_Clear"()
  br label %"ok_no_memory.endif.endif.endif"
ok_no_memory.endif.endif.endif:
  %".109" = xor i1 %".105", -1
  br i1 %".109", label %"ok_no_memory.1", label %"bail_no_memory", !prof !0
ok_no_memory.1:
  %".111" = ptrtoint i8* %".104" to i64
  %".112" = or i64 %".111", -844424930131968
  %".113" = and i64 %".112", 281474976710655
  %".114" = add i64 %".113", 32
  %".115" = inttoptr i64 %".114" to i8**
  %".116" = load i8*, i8** %".115"
  %".117" = inttoptr i64 ptrtoint (i8* @"rt_int_minus_one" to i64) to i8*
  call void @"Py_IncRef"(i8* %".117")
  store i8* %".117", i8** %".115"
  call void @"Py_DecRef"(i8* %".116")
  %".121" = call i8* @"rt_own_word"(i64 %".70")
  %".122" = call i8* @"rt_own_word"(i64 %".112")
  %".123" = icmp eq i8* %".121", null
  %".124" = icmp eq i8* %".122", null
  %".125" = or i1 %".123", %".124"
  br i1 %".125", label %"ok_no_memory.1.if", label %"ok_no_memory.1.endif", !prof !1
ok_no_memory.1.if:
  call void @"PyErr_Clear"()
  call void @"Py_DecRef"(i8* %".121")
  call void @"Py_DecRef"(i8* %".122")
  br label %"ok_no_memory.1.endif"
ok_no_memory.1.endif:
  %".131" = xor i1 %".125", -1
  br i1 %".131", label %"ok_no_memory.2", label %"bail_no_memory", !prof !0
ok_no_memory.2:
  %".133" = call i64 @"rt_space_effect"(i64 0, i8* %".121", i8* %".122")
  call void @"Py_DecRef"(i8* %".121")
  call void @"Py_DecRef"(i8* %".122")
  %".136" = icmp ne i64 %".133", -281474976710656
  br i1 %".136", label %"ok_space", label %"bail_space", !prof !0
ok_space:
  %".140" = call i1 @"rt_word_callable"(i64 -1688849860263936)
  br i1 %".140", label %"ok_term.2", label %"bail_term", !prof !0
bail_space:
  store i32 12, i32* @"snap_call_grounded.reason"
  ret i64 -281474976710656
ok_term.2:
  store i64 -1688849860263936, i64* %"s0"
  br label %"L21"
L21.if:
  %".157" = call i1 @"rt_word_inert"(i64 %".146")
  br i1 %".157", label %"ok_term.3", label %"bail_term", !prof !0
L21.endif:
  %".160" = lshr i64 %".146", 48
  %".161" = icmp eq i64 %".160", 65528
  br i1 %".161", label %"ok_not_small_int.2", label %"bail_not_small_int", !prof !0
ok_term.3:
  br label %"L21.endif"
ok_not_small_int.2:
  %".163" = shl i64 %".146", 16
  %".164" = ashr i64 %".163", 16
  %".165" = add nsw i64 %".164", 1
  %".166" = load i64, i64* %"l1"
  %".167" = lshr i64 %".166", 48
  %".168" = icmp eq i64 %".167", 65528
  %".169" = lshr i64 %".166", 1
  %".170" = icmp eq i64 %".169", 9222386874436288512
  %".171" = or i1 %".168", %".170"
  %".172" = lshr i64 %".166", 51
  %".173" = icmp ne i64 %".172", 8191
  %".174" = or i1 %".171", %".173"
  %".175" = xor i1 %".174", -1
  br i1 %".175", label %"ok_not_small_int.2.if", label %"ok_not_small_int.2.endif", !prof !1
ok_not_small_int.2.if:
  %".177" = call i1 @"rt_word_inert"(i64 %".166")
  br i1 %".177", label %"ok_term.4", label %"bail_term", !prof !0
ok_not_small_int.2.endif:
  %".180" = inttoptr i64 ptrtoint (i8* @"rt_native_steps" to i64) to i64*
  %".181" = getelementptr inbounds i64, i64* %".180", i64 0
  %".182" = getelementptr inbounds i64, i64* %".180", i64 1
  %".183" = load i64, i64* %".181"
  %".184" = add i64 %".183", 1
  store i64 %".184", i64* %".181"
  %".186" = load i64, i64* %".182"
  %".187" = icmp sgt i64 %".184", %".186"
  br i1 %".187", label %"poll", label %"stepped", !prof !3
ok_term.4:
  br label %"ok_not_small_int.2.endif"
poll:
  %".189" = call i32 @"rt_poll"()
  %".190" = icmp eq i32 %".189", 0
  br i1 %".190", label %"stepped", label %"bail_stopped"
stepped:
  %".194" = shl i64 %".165", 16
  %".195" = ashr i64 %".194", 16
  %".196" = icmp eq i64 %".195", %".165"
  br i1 %".196", label %"ok_overflow", label %"bail_overflow", !prof !0
bail_stopped:
  store i32 9, i32* @"snap_call_grounded.reason"
  ret i64 -281474976710656
ok_overflow:
  %".200" = and i64 %".165", 281474976710655
  %".201" = or i64 %".200", -2251799813685248
  %".202" = call i1 @"rt_word_callable"(i64 %".166")
  br i1 %".202", label %"ok_term.5", label %"bail_term", !prof !0
bail_overflow:
  store i32 2, i32* @"snap_call_grounded.reason"
  ret i64 -281474976710656
ok_term.5:
  %".204" = musttail call i64 @"snap_call_grounded.f1"(i64 %".1", i64 %".201", i64 %".166")
  ret i64 %".204"
}
