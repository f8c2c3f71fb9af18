define i32 @"snap_abs"(i64 %".1", i64* %".2")
{
entry:
  %"s0" = alloca i64
  %"l0" = alloca i64
  store i64 %".1", i64* %"l0"
  br label %"L0"
L0:
  %".6" = load i64, i64* %"l0"
  %".7" = lshr i64 %".6", 48
  %".8" = icmp eq i64 %".7", 65528
  br i1 %".8", label %"ok_not_small_int", label %"bail_not_small_int", !prof !0
ok_not_small_int:
  %".11" = shl i64 %".6", 16
  %".12" = ashr i64 %".11", 16
  %".13" = sub nsw i64 0, %".12"
  %".14" = icmp slt i64 %".12", 0
  %".15" = select  i1 %".14", i64 %".13", i64 %".12"
  %".16" = shl i64 %".15", 16
  %".17" = ashr i64 %".16", 16
  %".18" = icmp eq i64 %".17", %".15"
  br i1 %".18", label %"ok_overflow", label %"bail_overflow", !prof !0
bail_not_small_int:
  ret i32 1
ok_overflow:
  %".21" = and i64 %".15", 281474976710655
  %".22" = or i64 %".21", -2251799813685248
  store i64 %".22", i64* %".2"
  ret i32 0
bail_overflow:
  ret i32 2
}
