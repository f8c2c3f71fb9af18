define i32 @"snap_push_long"(i64 %".1", i64* %".2")
{
entry:
  %"s0" = alloca i64
  %"s1" = alloca i64
  %"l0" = alloca i64
  store i64 %".1", i64* %"l0"
  br label %"L0"
L0:
  %".6" = load i64, i64* %"l0"
  %".7" = getelementptr inbounds [2 x i64], [2 x i64]* @"snap_push_long.pool", i32 0, i32 0
  %".8" = call i64 @"rt_load_constant"(i64* %".7", i64 0)
  %".9" = lshr i64 %".8", 48
  %".10" = icmp eq i64 %".9", 65528
  br i1 %".10", label %"ok_not_small_int", label %"bail_not_small_int", !prof !0
ok_not_small_int:
  %".13" = shl i64 %".8", 16
  %".14" = ashr i64 %".13", 16
  %".15" = lshr i64 %".6", 48
  %".16" = icmp eq i64 %".15", 65528
  br i1 %".16", label %"ok_not_small_int.1", label %"bail_not_small_int", !prof !0
bail_not_small_int:
  ret i32 1
ok_not_small_int.1:
  %".18" = shl i64 %".6", 16
  %".19" = ashr i64 %".18", 16
  %".20" = add nsw i64 %".19", %".14"
  %".21" = shl i64 %".20", 16
  %".22" = ashr i64 %".21", 16
  %".23" = icmp eq i64 %".22", %".20"
  br i1 %".23", label %"ok_overflow", label %"bail_overflow", !prof !0
ok_overflow:
  %".26" = and i64 %".20", 281474976710655
  %".27" = or i64 %".26", -2251799813685248
  store i64 %".27", i64* %".2"
  ret i32 0
bail_overflow:
  ret i32 2
}
