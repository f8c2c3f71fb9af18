define internal i64 @"snap_tail_call.f0"(i64 %".1", i64 %".2")
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
  store i32 8, i32* @"snap_tail_call.reason"
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
  %".41" = and i64 0, 281474976710655
  %".42" = or i64 %".41", -2251799813685248
  ret i64 %".42"
L11:
  %".44" = load i64, i64* %"l0"
  %".45" = lshr i64 %".44", 48
  %".46" = icmp eq i64 %".45", 65528
  %".47" = lshr i64 %".44", 1
  %".48" = icmp eq i64 %".47", 9222386874436288512
  %".49" = or i1 %".46", %".48"
  %".50" = lshr i64 %".44", 51
  %".51" = icmp ne i64 %".50", 8191
  %".52" = or i1 %".49", %".51"
  br i1 %".52", label %"ok_unexpected_value.2", label %"bail_unexpected_value", !prof !0
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
  %".31" = icmp eq i64 %".30", 65533
  %".32" = lshr i64 %".23", 48
  %".33" = icmp eq i64 %".32", 65533
  %".34" = or i1 %".31", %".33"
  %".35" = xor i1 %".24", -1
  %".36" = and i1 %".34", %".35"
  %".37" = or i1 %".29", %".36"
  %".38" = xor i1 %".37", -1
  br i1 %".38", label %"ok_unexpected_value.1", label %"bail_unexpected_value", !prof !0
bail_unexpected_value:
  store i32 4, i32* @"snap_tail_call.reason"
  ret i64 -281474976710656
ok_unexpected_value.1:
  br i1 %".24", label %"L8", label %"L11"
ok_unexpected_value.2:
  %".54" = lshr i64 %".44", 48
  %".55" = icmp eq i64 %".54", 65528
  br i1 %".55", label %"ok_not_small_int", label %"bail_not_small_int", !prof !0
ok_not_small_int:
  %".59" = shl i64 %".44", 16
  %".60" = ashr i64 %".59", 16
  %".61" = sub nsw i64 %".60", 1
  %".62" = shl i64 %".61", 16
  %".63" = ashr i64 %".62", 16
  %".64" = icmp eq i64 %".63", %".61"
  br i1 %".64", label %"ok_overflow", label %"bail_overflow", !prof !0
bail_not_small_int:
  store i32 1, i32* @"snap_tail_call.reason"
  ret i64 -281474976710656
ok_overflow:
  %".68" = and i64 %".61", 281474976710655
  %".69" = or i64 %".68", -2251799813685248
  store i64 %".69", i64* %"l0"
  br label %"L0"
bail_overflow:
  store i32 2, i32* @"snap_tail_call.reason"
  ret i64 -281474976710656
}
