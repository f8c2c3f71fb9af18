define internal i64 @"snap_tail_call.f0"(i64 %".1", i64 %".2")
{
entry:
  %"s0" = alloca i64
  %"s1" = alloca i64
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
  store i32 8, i32* @"snap_tail_call.reason"
  ret i64 -281474976710656
L0:
  %".19" = load i64, i64* %"l0"
  %".20" = lshr i64 %".19", 48
  %".21" = icmp eq i64 %".20", 65528
  %".22" = lshr i64 %".19", 1
  %".23" = icmp eq i64 %".22", 9222386874436288512
  %".24" = or i1 %".21", %".23"
  %".25" = lshr i64 %".19", 51
  %".26" = icmp ne i64 %".25", 8191
  %".27" = or i1 %".24", %".26"
  %".28" = xor i1 %".27", -1
  br i1 %".28", label %"L0.if", label %"L0.endif", !prof !1
L8:
  %".61" = and i64 0, 281474976710655
  %".62" = or i64 %".61", -2251799813685248
  ret i64 %".62"
L11:
  %".64" = load i64, i64* %"l0"
  %".65" = lshr i64 %".64", 48
  %".66" = icmp eq i64 %".65", 65528
  %".67" = lshr i64 %".64", 1
  %".68" = icmp eq i64 %".67", 9222386874436288512
  %".69" = or i1 %".66", %".68"
  %".70" = lshr i64 %".64", 51
  %".71" = icmp ne i64 %".70", 8191
  %".72" = or i1 %".69", %".71"
  %".73" = xor i1 %".72", -1
  br i1 %".73", label %"L11.if", label %"L11.endif", !prof !1
L0.if:
  %".30" = call i1 @"rt_word_inert"(i64 %".19")
  br i1 %".30", label %"ok_term", label %"bail_term", !prof !0
L0.endif:
  %".35" = and i64 0, 281474976710655
  %".36" = or i64 %".35", -2251799813685248
  %".37" = icmp eq i64 %".19", %".36"
  %".38" = lshr i64 %".19", 51
  %".39" = icmp ne i64 %".38", 8191
  %".40" = lshr i64 %".36", 51
  %".41" = icmp ne i64 %".40", 8191
  %".42" = or i1 %".39", %".41"
  %".43" = lshr i64 %".19", 48
  %".44" = icmp eq i64 %".43", 65528
  %".45" = lshr i64 %".36", 48
  %".46" = icmp eq i64 %".45", 65528
  %".47" = and i1 %".44", %".46"
  %".48" = lshr i64 %".19", 48
  %".49" = icmp eq i64 %".48", 65529
  %".50" = lshr i64 %".36", 48
  %".51" = icmp eq i64 %".50", 65529
  %".52" = and i1 %".49", %".51"
  %".53" = or i1 %".47", %".52"
  %".54" = or i1 %".37", %".53"
  %".55" = xor i1 %".42", -1
  %".56" = and i1 %".55", %".54"
  br i1 %".56", label %"ok_unexpected_value", label %"bail_unexpected_value", !prof !0
ok_term:
  br label %"L0.endif"
bail_term:
  store i32 10, i32* @"snap_tail_call.reason"
  ret i64 -281474976710656
ok_unexpected_value:
  br i1 %".37", label %"L8", label %"L11"
bail_unexpected_value:
  store i32 4, i32* @"snap_tail_call.reason"
  ret i64 -281474976710656
L11.if:
  %".75" = call i1 @"rt_word_inert"(i64 %".64")
  br i1 %".75", label %"ok_term.1", label %"bail_term", !prof !0
L11.endif:
  %".78" = lshr i64 %".64", 48
  %".79" = icmp eq i64 %".78", 65528
  br i1 %".79", label %"ok_not_small_int", label %"bail_not_small_int", !prof !0
ok_term.1:
  br label %"L11.endif"
ok_not_small_int:
  %".83" = shl i64 %".64", 16
  %".84" = ashr i64 %".83", 16
  %".85" = sub nsw i64 %".84", 1
  %".86" = inttoptr i64 ptrtoint (i8* @"rt_native_steps" to i64) to i64*
  %".87" = getelementptr inbounds i64, i64* %".86", i64 0
  %".88" = getelementptr inbounds i64, i64* %".86", i64 1
  %".89" = load i64, i64* %".87"
  %".90" = add i64 %".89", 1
  store i64 %".90", i64* %".87"
  %".92" = load i64, i64* %".88"
  %".93" = icmp sgt i64 %".90", %".92"
  br i1 %".93", label %"poll", label %"stepped", !prof !2
bail_not_small_int:
  store i32 1, i32* @"snap_tail_call.reason"
  ret i64 -281474976710656
poll:
  %".95" = call i32 @"rt_poll"()
  %".96" = icmp eq i32 %".95", 0
  br i1 %".96", label %"stepped", label %"bail_stopped"
stepped:
  %".100" = shl i64 %".85", 16
  %".101" = ashr i64 %".100", 16
  %".102" = icmp eq i64 %".101", %".85"
  br i1 %".102", label %"ok_overflow", label %"bail_overflow", !prof !0
bail_stopped:
  store i32 9, i32* @"snap_tail_call.reason"
  ret i64 -281474976710656
ok_overflow:
  %".106" = and i64 %".85", 281474976710655
  %".107" = or i64 %".106", -2251799813685248
  store i64 %".107", i64* %"l0"
  br label %"L0"
bail_overflow:
  store i32 2, i32* @"snap_tail_call.reason"
  ret i64 -281474976710656
}
