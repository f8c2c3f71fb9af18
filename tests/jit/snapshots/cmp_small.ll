define i32 @"snap_cmp_small"(i64 %".1", i64* %".2")
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
  %".13" = icmp sle i64 %".12", 3
  %".14" = zext i1 %".13" to i64
  %".15" = or i64 %".14", -1970324836974592
  store i64 %".15", i64* %".2"
  ret i32 0
bail_not_small_int:
  ret i32 1
}
