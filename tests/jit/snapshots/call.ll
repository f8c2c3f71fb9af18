define internal i64 @"snap_call.f0"(i64 %".1", i64 %".2")
{
entry:
  %"s0" = alloca i64
  %"s1" = alloca i64
  %"l0" = alloca i64
  store i64 %".2", i64* %"l0"
  %".5" = icmp ult i64 %".1", 10000
  br i1 %".5", label %"ok_depth", label %"bail_depth", !prof !0
ok_depth:
  br label %"L0"
bail_depth:
  store i32 8, i32* @"snap_call.reason"
  ret i64 -281474976710656
L0:
  %".10" = load i64, i64* %"l0"
  %".11" = lshr i64 %".10", 48
  %".12" = icmp eq i64 %".11", 65528
  %".13" = lshr i64 %".10", 1
  %".14" = icmp eq i64 %".13", 9222386874436288512
  %".15" = or i1 %".12", %".14"
  %".16" = lshr i64 %".10", 51
  %".17" = icmp ne i64 %".16", 8191
  %".18" = or i1 %".15", %".17"
  br i1 %".18", label %"ok_unexpected_value", label %"bail_unexpected_value", !prof !0
L8:
  %".46" = and i64 0, 281474976710655
  %".47" = or i64 %".46", -2251799813685248
  ret i64 %".47"
L11:
  %".49" = load i64, i64* %"l0"
  %".50" = lshr i64 %".49", 48
  %".51" = icmp eq i64 %".50", 65528
  %".52" = lshr i64 %".49", 1
  %".53" = icmp eq i64 %".52", 9222386874436288512
  %".54" = or i1 %".51", %".53"
  %".55" = lshr i64 %".49", 51
  %".56" = icmp ne i64 %".55", 8191
  %".57" = or i1 %".54", %".56"
  br i1 %".57", label %"ok_unexpected_value.2", label %"bail_unexpected_value", !prof !0
ok_unexpected_value:
  %".22" = and i64 0, 281474976710655
  %".23" = or i64 %".22", -2251799813685248
  %".24" = icmp eq i64 %".10", %".23"
  %".25" = lshr i64 %".10", 51
  %".26" = icmp ne i64 %".25", 8191
  %".27" = lshr i64 %".23", 51
  %".28" = icmp ne i64 %".27", 8191
  %".29" = or i1 %".26", %".28"
  %".30" = lshr i64 %".10", 48
  %".31" = icmp eq i64 %".30", 65528
  %".32" = lshr i64 %".23", 48
  %".33" = icmp eq i64 %".32", 65528
  %".34" = and i1 %".31", %".33"
  %".35" = lshr i64 %".10", 48
  %".36" = icmp eq i64 %".35", 65529
  %".37" = lshr i64 %".23", 48
  %".38" = icmp eq i64 %".37", 65529
  %".39" = and i1 %".36", %".38"
  %".40" = or i1 %".34", %".39"
  %".41" = or i1 %".24", %".40"
  %".42" = xor i1 %".29", -1
  %".43" = and i1 %".42", %".41"
  br i1 %".43", label %"ok_unexpected_value.1", label %"bail_unexpected_value", !prof !0
bail_unexpected_value:
  store i32 4, i32* @"snap_call.reason"
  ret i64 -281474976710656
ok_unexpected_value.1:
  br i1 %".24", label %"L8", label %"L11"
ok_unexpected_value.2:
  %".59" = lshr i64 %".49", 48
  %".60" = icmp eq i64 %".59", 65528
  br i1 %".60", label %"ok_not_small_int", label %"bail_not_small_int", !prof !0
ok_not_small_int:
  %".64" = shl i64 %".49", 16
  %".65" = ashr i64 %".64", 16
  %".66" = sub nsw i64 %".65", 1
  %".67" = inttoptr i64 ptrtoint (i8* @"rt_native_steps" to i64) to i64*
  %".68" = getelementptr inbounds i64, i64* %".67", i64 0
  %".69" = getelementptr inbounds i64, i64* %".67", i64 1
  %".70" = load i64, i64* %".68"
  %".71" = add i64 %".70", 1
  store i64 %".71", i64* %".68"
  %".73" = load i64, i64* %".69"
  %".74" = icmp sgt i64 %".71", %".73"
  br i1 %".74", label %"poll", label %"stepped", !prof !1
bail_not_small_int:
  store i32 1, i32* @"snap_call.reason"
  ret i64 -281474976710656
poll:
  %".76" = call i32 @"rt_poll"()
  %".77" = icmp eq i32 %".76", 0
  br i1 %".77", label %"stepped", label %"bail_stopped"
stepped:
  %".81" = shl i64 %".66", 16
  %".82" = ashr i64 %".81", 16
  %".83" = icmp eq i64 %".82", %".66"
  br i1 %".83", label %"ok_overflow", label %"bail_overflow", !prof !0
bail_stopped:
  store i32 9, i32* @"snap_call.reason"
  ret i64 -281474976710656
ok_overflow:
  %".87" = and i64 %".66", 281474976710655
  %".88" = or i64 %".87", -2251799813685248
  %".89" = add nuw i64 %".1", 1
  %".90" = call i64 @"snap_call.f0"(i64 %".89", i64 %".88")
  %".91" = icmp eq i64 %".90", -281474976710656
  br i1 %".91", label %"propagate", label %"called", !prof !2
bail_overflow:
  store i32 2, i32* @"snap_call.reason"
  ret i64 -281474976710656
called:
  ret i64 %".90"
propagate:
  ret i64 -281474976710656
}
