define internal i64 @"snap_term_ops.f0"(i64 %".1", i64 %".2", i64 %".3")
{
entry:
  %"s0" = alloca i64
  %"s1" = alloca i64
  %"s2" = alloca i64
  %"l0" = alloca i64
  %"l1" = alloca i64
  %"l2" = alloca i64
  %"l3" = alloca i64
  %"l4" = alloca i64
  %"l5" = alloca i64
  store i64 %".2", i64* %"l0"
  store i64 %".3", i64* %"l1"
  store i64 -1407374883553280, i64* %"l2"
  store i64 -1407374883553280, i64* %"l3"
  store i64 -1407374883553280, i64* %"l4"
  store i64 -1407374883553280, i64* %"l5"
  %".11" = inttoptr i64 ptrtoint (i8* @"rt_stack" to i64) to {i64, i64}*
  %".12" = getelementptr inbounds {i64, i64}, {i64, i64}* %".11", i32 0, i32 0
  %".13" = load i64, i64* %".12"
  %".14" = getelementptr inbounds {i64, i64}, {i64, i64}* %".11", i32 0, i32 1
  %".15" = load i64, i64* %".14"
  %".16" = call i8* @"llvm.stacksave"()
  %".17" = ptrtoint i8* %".16" to i64
  %".18" = icmp ugt i64 %".17", %".13"
  %".19" = icmp slt i64 %".1", %".15"
  %".20" = and i1 %".18", %".19"
  br i1 %".20", label %"ok_depth", label %"bail_depth", !prof !0
ok_depth:
  br label %"L0"
bail_depth:
  store i32 8, i32* @"snap_term_ops.reason"
  ret i64 -281474976710656
L0:
  %".25" = load i64, i64* %"l0"
  %".26" = lshr i64 %".25", 48
  %".27" = icmp eq i64 %".26", 65528
  %".28" = lshr i64 %".25", 1
  %".29" = icmp eq i64 %".28", 9222386874436288512
  %".30" = or i1 %".27", %".29"
  %".31" = lshr i64 %".25", 51
  %".32" = icmp ne i64 %".31", 8191
  %".33" = or i1 %".30", %".32"
  %".34" = xor i1 %".33", -1
  br i1 %".34", label %"L0.if", label %"L0.endif", !prof !1
L7:
  %".65" = load i64, i64* %"l1"
  %".66" = lshr i64 %".65", 48
  %".67" = icmp eq i64 %".66", 65528
  %".68" = lshr i64 %".65", 1
  %".69" = icmp eq i64 %".68", 9222386874436288512
  %".70" = or i1 %".67", %".69"
  %".71" = lshr i64 %".65", 51
  %".72" = icmp ne i64 %".71", 8191
  %".73" = or i1 %".70", %".72"
  %".74" = xor i1 %".73", -1
  br i1 %".74", label %"L7.if", label %"L7.endif", !prof !1
L10:
  %".80" = load i64, i64* %"l0"
  %".81" = call i64 @"rt_car_atom"(i64 %".80")
  %".82" = icmp ne i64 %".81", -281474976710656
  br i1 %".82", label %"ok_term.2", label %"bail_term", !prof !0
L19:
  %".88" = load i64, i64* %"s0"
  store i64 %".88", i64* %"l2"
  %".90" = load i64, i64* %"l0"
  %".91" = call i64 @"rt_cdr_atom"(i64 %".90")
  %".92" = icmp ne i64 %".91", -281474976710656
  br i1 %".92", label %"ok_term.4", label %"bail_term", !prof !0
L30:
  %".98" = load i64, i64* %"s0"
  store i64 %".98", i64* %"l3"
  %".100" = lshr i64 %".98", 48
  %".101" = icmp eq i64 %".100", 65528
  %".102" = lshr i64 %".98", 1
  %".103" = icmp eq i64 %".102", 9222386874436288512
  %".104" = or i1 %".101", %".103"
  %".105" = lshr i64 %".98", 51
  %".106" = icmp ne i64 %".105", 8191
  %".107" = or i1 %".104", %".106"
  %".108" = xor i1 %".107", -1
  br i1 %".108", label %"L30.if", label %"L30.endif", !prof !1
L0.if:
  %".36" = call i1 @"rt_word_inert"(i64 %".25")
  br i1 %".36", label %"ok_term", label %"bail_term", !prof !0
L0.endif:
  %".41" = icmp eq i64 %".25", -1688849860263936
  br i1 %".41", label %"unit_done", label %"not_unit"
ok_term:
  br label %"L0.endif"
bail_term:
  store i32 10, i32* @"snap_term_ops.reason"
  ret i64 -281474976710656
not_unit:
  %".43" = lshr i64 %".25", 48
  %".44" = icmp eq i64 %".43", 65533
  br i1 %".44", label %"ok_unexpected_value", label %"bail_unexpected_value", !prof !0
unit_done:
  %".63" = phi  i1 [1, %"L0.endif"], [0, %"ok_unexpected_value.2"]
  br i1 %".63", label %"L7", label %"L10"
ok_unexpected_value:
  %".48" = and i64 %".25", 281474976710655
  %".49" = add i64 %".48", 8
  %".50" = inttoptr i64 %".49" to i64*
  %".51" = load i64, i64* %".50"
  %".52" = icmp eq i64 %".51", ptrtoint (i8* @"rt_type_expression" to i64)
  br i1 %".52", label %"ok_unexpected_value.1", label %"bail_unexpected_value", !prof !0
bail_unexpected_value:
  store i32 4, i32* @"snap_term_ops.reason"
  ret i64 -281474976710656
ok_unexpected_value.1:
  %".54" = add i64 %".48", 40
  %".55" = inttoptr i64 %".54" to i64*
  %".56" = load i64, i64* %".55"
  %".57" = add i64 %".56", 16
  %".58" = inttoptr i64 %".57" to i64*
  %".59" = load i64, i64* %".58"
  %".60" = icmp sgt i64 %".59", 0
  br i1 %".60", label %"ok_unexpected_value.2", label %"bail_unexpected_value", !prof !0
ok_unexpected_value.2:
  br label %"unit_done"
L7.if:
  %".76" = call i1 @"rt_word_inert"(i64 %".65")
  br i1 %".76", label %"ok_term.1", label %"bail_term", !prof !0
L7.endif:
  ret i64 %".65"
ok_term.1:
  br label %"L7.endif"
ok_term.2:
  %".84" = call i1 @"rt_word_callable"(i64 %".81")
  br i1 %".84", label %"ok_term.3", label %"bail_term", !prof !0
ok_term.3:
  store i64 %".81", i64* %"s0"
  br label %"L19"
ok_term.4:
  %".94" = call i1 @"rt_word_callable"(i64 %".91")
  br i1 %".94", label %"ok_term.5", label %"bail_term", !prof !0
ok_term.5:
  store i64 %".91", i64* %"s0"
  br label %"L30"
L30.if:
  %".110" = call i1 @"rt_word_inert"(i64 %".98")
  br i1 %".110", label %"ok_term.6", label %"bail_term", !prof !0
L30.endif:
  %".113" = call i1 @"rt_word_callable"(i64 %".98")
  br i1 %".113", label %"ok_term.7", label %"bail_term", !prof !0
ok_term.6:
  br label %"L30.endif"
ok_term.7:
  %".115" = load i64, i64* %"l2"
  %".116" = load i64, i64* %"l1"
  %".117" = call i64 @"rt_cons_atom"(i64 %".115", i64 %".116")
  %".118" = icmp ne i64 %".117", -281474976710656
  br i1 %".118", label %"ok_term.8", label %"bail_term", !prof !0
ok_term.8:
  %".120" = inttoptr i64 ptrtoint (i8* @"rt_native_steps" to i64) to i64*
  %".121" = getelementptr inbounds i64, i64* %".120", i64 0
  %".122" = getelementptr inbounds i64, i64* %".120", i64 1
  %".123" = load i64, i64* %".121"
  %".124" = add i64 %".123", 1
  store i64 %".124", i64* %".121"
  %".126" = load i64, i64* %".122"
  %".127" = icmp sgt i64 %".124", %".126"
  br i1 %".127", label %"poll", label %"stepped", !prof !2
poll:
  %".129" = call i32 @"rt_poll"()
  %".130" = icmp eq i32 %".129", 0
  br i1 %".130", label %"stepped", label %"bail_stopped"
stepped:
  %".134" = call i1 @"rt_word_callable"(i64 %".98")
  br i1 %".134", label %"ok_term.9", label %"bail_term", !prof !0
bail_stopped:
  store i32 9, i32* @"snap_term_ops.reason"
  ret i64 -281474976710656
ok_term.9:
  %".136" = call i1 @"rt_word_callable"(i64 %".117")
  br i1 %".136", label %"ok_term.10", label %"bail_term", !prof !0
ok_term.10:
  store i64 %".98", i64* %"l0"
  store i64 %".117", i64* %"l1"
  store i64 -1407374883553280, i64* %"l2"
  store i64 -1407374883553280, i64* %"l3"
  store i64 -1407374883553280, i64* %"l4"
  store i64 -1407374883553280, i64* %"l5"
  br label %"L0"
}
