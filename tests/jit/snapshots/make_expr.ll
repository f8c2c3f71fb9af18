define internal i64 @"snap_make_expr.f0"(i64 %".1", i64 %".2")
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
  store i32 8, i32* @"snap_make_expr.reason"
  ret i64 -281474976710656
L0:
  %".20" = load i64, i64* %"l0"
  %".21" = lshr i64 %".20", 48
  %".22" = icmp eq i64 %".21", 65528
  %".23" = lshr i64 %".20", 1
  %".24" = icmp eq i64 %".23", 9222386874436288512
  %".25" = or i1 %".22", %".24"
  %".26" = lshr i64 %".20", 51
  %".27" = icmp ne i64 %".26", 8191
  %".28" = or i1 %".25", %".27"
  %".29" = xor i1 %".28", -1
  br i1 %".29", label %"L0.if", label %"L0.endif", !prof !1
L9:
  %".54" = load i64, i64* %"s0"
  store i64 %".54", i64* %"l1"
  %".56" = lshr i64 %".54", 48
  %".57" = icmp eq i64 %".56", 65528
  %".58" = lshr i64 %".54", 1
  %".59" = icmp eq i64 %".58", 9222386874436288512
  %".60" = or i1 %".57", %".59"
  %".61" = lshr i64 %".54", 51
  %".62" = icmp ne i64 %".61", 8191
  %".63" = or i1 %".60", %".62"
  %".64" = xor i1 %".63", -1
  br i1 %".64", label %"L9.if", label %"L9.endif", !prof !1
L0.if:
  %".31" = call i1 @"rt_word_inert"(i64 %".20")
  br i1 %".31", label %"ok_term", label %"bail_term", !prof !0
L0.endif:
  %".36" = lshr i64 %".20", 48
  %".37" = icmp eq i64 %".36", 65528
  br i1 %".37", label %"ok_not_small_int", label %"bail_not_small_int", !prof !0
ok_term:
  br label %"L0.endif"
bail_term:
  store i32 10, i32* @"snap_make_expr.reason"
  ret i64 -281474976710656
ok_not_small_int:
  %".41" = shl i64 %".20", 16
  %".42" = ashr i64 %".41", 16
  %".43" = add nsw i64 %".42", 1
  %".44" = shl i64 %".43", 16
  %".45" = ashr i64 %".44", 16
  %".46" = icmp eq i64 %".45", %".43"
  br i1 %".46", label %"ok_overflow", label %"bail_overflow", !prof !0
bail_not_small_int:
  store i32 1, i32* @"snap_make_expr.reason"
  ret i64 -281474976710656
ok_overflow:
  %".50" = and i64 %".43", 281474976710655
  %".51" = or i64 %".50", -2251799813685248
  store i64 %".51", i64* %"s0"
  br label %"L9"
bail_overflow:
  store i32 2, i32* @"snap_make_expr.reason"
  ret i64 -281474976710656
L9.if:
  %".66" = call i1 @"rt_word_inert"(i64 %".54")
  br i1 %".66", label %"ok_term.1", label %"bail_term", !prof !0
L9.endif:
  %".69" = load i64, i64* %"l0"
  %".70" = lshr i64 %".69", 48
  %".71" = icmp eq i64 %".70", 65528
  %".72" = lshr i64 %".69", 1
  %".73" = icmp eq i64 %".72", 9222386874436288512
  %".74" = or i1 %".71", %".73"
  %".75" = lshr i64 %".69", 51
  %".76" = icmp ne i64 %".75", 8191
  %".77" = or i1 %".74", %".76"
  %".78" = xor i1 %".77", -1
  br i1 %".78", label %"L9.endif.if", label %"L9.endif.endif", !prof !1
ok_term.1:
  br label %"L9.endif"
L9.endif.if:
  %".80" = call i1 @"rt_word_inert"(i64 %".69")
  br i1 %".80", label %"ok_term.2", label %"bail_term", !prof !0
L9.endif.endif:
  %".83" = lshr i64 %".54", 48
  %".84" = icmp eq i64 %".83", 65528
  %".85" = lshr i64 %".54", 1
  %".86" = icmp eq i64 %".85", 9222386874436288512
  %".87" = or i1 %".84", %".86"
  %".88" = lshr i64 %".54", 51
  %".89" = icmp ne i64 %".88", 8191
  %".90" = or i1 %".87", %".89"
  br i1 %".90", label %"ok_term.3", label %"bail_term", !prof !0
ok_term.2:
  br label %"L9.endif.endif"
ok_term.3:
  %".92" = call i1 @"rt_word_callable"(i64 %".69")
  br i1 %".92", label %"ok_term.4", label %"bail_term", !prof !0
ok_term.4:
  %".94" = call i8* @"rt_new_tuple"(i64 2)
  %".95" = icmp eq i8* %".94", null
  br i1 %".95", label %"ok_term.4.if", label %"ok_term.4.endif", !prof !1
ok_term.4.if:
  call void @"PyErr_Clear"()
  br label %"ok_term.4.endif"
ok_term.4.endif:
  %".99" = xor i1 %".95", -1
  br i1 %".99", label %"ok_no_memory", label %"bail_no_memory", !prof !0
ok_no_memory:
  %".103" = ptrtoint i8* %".94" to i64
  %".104" = add i64 %".103", 24
  %".105" = call i8* @"rt_own_word"(i64 %".54")
  %".106" = icmp eq i8* %".105", null
  br i1 %".106", label %"ok_no_memory.if", label %"ok_no_memory.endif", !prof !1
bail_no_memory:
  store i32 7, i32* @"snap_make_expr.reason"
  ret i64 -281474976710656
ok_no_memory.if:
  call void @"Py_DecRef"(i8* %".94")
  call void @"PyErr_Clear"()
  br label %"bail_no_memory"
ok_no_memory.endif:
  %".112" = add i64 %".104", 0
  %".113" = inttoptr i64 %".112" to i8**
  store i8* %".105", i8** %".113"
  %".115" = call i8* @"rt_own_word"(i64 %".69")
  %".116" = icmp eq i8* %".115", null
  br i1 %".116", label %"ok_no_memory.endif.if", label %"ok_no_memory.endif.endif", !prof !1
dead:
  br label %"ok_no_memory.endif"
ok_no_memory.endif.if:
  call void @"Py_DecRef"(i8* %".94")
  call void @"PyErr_Clear"()
  br label %"bail_no_memory"
ok_no_memory.endif.endif:
  %".122" = add i64 %".104", 8
  %".123" = inttoptr i64 %".122" to i8**
  store i8* %".115", i8** %".123"
  %".125" = call i8* @"rt_new_expression"(i8* %".94")
  %".126" = icmp eq i8* %".125", null
  br i1 %".126", label %"ok_no_memory.endif.endif.if", label %"ok_no_memory.endif.endif.endif", !prof !1
dead.1:
  br label %"ok_no_memory.endif.endif"
ok_no_memory.endif.endif.if:
  call void @"PyErr_Clear"()
  br label %"ok_no_memory.endif.endif.endif"
ok_no_memory.endif.endif.endif:
  %".130" = xor i1 %".126", -1
  br i1 %".130", label %"ok_no_memory.1", label %"bail_no_memory", !prof !0
ok_no_memory.1:
  %".132" = ptrtoint i8* %".125" to i64
  %".133" = or i64 %".132", -844424930131968
  ret i64 %".133"
}
