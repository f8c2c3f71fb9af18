define i32 @"snap_floor_div"(i64 %".1", i64 %".2", i64* %".3")
{
entry:
  %"s0" = alloca i64
  %"s1" = alloca i64
  %"l0" = alloca i64
  %"l1" = alloca i64
  store i64 %".1", i64* %"l0"
  store i64 %".2", i64* %"l1"
  br label %"L0"
L0:
  %".8" = load i64, i64* %"l0"
  %".9" = load i64, i64* %"l1"
  %".10" = lshr i64 %".9", 48
  %".11" = icmp eq i64 %".10", 65528
  br i1 %".11", label %"ok_not_small_int", label %"bail_not_small_int", !prof !0
ok_not_small_int:
  %".14" = shl i64 %".9", 16
  %".15" = ashr i64 %".14", 16
  %".16" = lshr i64 %".8", 48
  %".17" = icmp eq i64 %".16", 65528
  br i1 %".17", label %"ok_not_small_int.1", label %"bail_not_small_int", !prof !0
bail_not_small_int:
  ret i32 1
ok_not_small_int.1:
  %".19" = shl i64 %".8", 16
  %".20" = ashr i64 %".19", 16
  %".21" = icmp ne i64 %".15", 0
  br i1 %".21", label %"ok_division_by_zero", label %"bail_division_by_zero", !prof !0
ok_division_by_zero:
  %".24" = sdiv i64 %".20", %".15"
  %".25" = srem i64 %".20", %".15"
  %".26" = icmp ne i64 %".25", 0
  %".27" = xor i64 %".25", %".15"
  %".28" = icmp slt i64 %".27", 0
  %".29" = and i1 %".26", %".28"
  %".30" = zext i1 %".29" to i64
  %".31" = sub i64 %".24", %".30"
  %".32" = shl i64 %".31", 16
  %".33" = ashr i64 %".32", 16
  %".34" = icmp eq i64 %".33", %".31"
  br i1 %".34", label %"ok_overflow", label %"bail_overflow", !prof !0
bail_division_by_zero:
  ret i32 3
ok_overflow:
  %".37" = and i64 %".31", 281474976710655
  %".38" = or i64 %".37", -2251799813685248
  store i64 %".38", i64* %".3"
  ret i32 0
bail_overflow:
  ret i32 2
}
