define i32 @"snap_arith_small"(i64 %".1", i64* %".2")
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
  %".13" = sub nsw i64 %".12", 3
  %".14" = mul nsw i64 %".13", 2
  %".15" = shl i64 %".14", 16
  %".16" = ashr i64 %".15", 16
  %".17" = icmp eq i64 %".16", %".14"
  br i1 %".17", label %"ok_overflow", label %"bail_overflow", !prof !0
bail_not_small_int:
  ret i32 1
ok_overflow:
  %".20" = and i64 %".14", 281474976710655
  %".21" = or i64 %".20", -2251799813685248
  store i64 %".21", i64* %".2"
  ret i32 0
bail_overflow:
  ret i32 2
}
