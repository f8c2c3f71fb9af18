define i32 @"snap_dup"(i64 %".1", i64* %".2")
{
entry:
  %"s0" = alloca i64
  %"s1" = alloca i64
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
  %".13" = lshr i64 %".6", 48
  %".14" = icmp eq i64 %".13", 65528
  br i1 %".14", label %"ok_not_small_int.1", label %"bail_not_small_int", !prof !0
bail_not_small_int:
  ret i32 1
ok_not_small_int.1:
  %".16" = shl i64 %".6", 16
  %".17" = ashr i64 %".16", 16
  %".18" = add nsw i64 %".17", %".12"
  %".19" = shl i64 %".18", 16
  %".20" = ashr i64 %".19", 16
  %".21" = icmp eq i64 %".20", %".18"
  br i1 %".21", label %"ok_overflow", label %"bail_overflow", !prof !0
ok_overflow:
  %".24" = and i64 %".18", 281474976710655
  %".25" = or i64 %".24", -2251799813685248
  store i64 %".25", i64* %".2"
  ret i32 0
bail_overflow:
  ret i32 2
}
