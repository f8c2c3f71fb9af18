define i32 @"snap_load_eval"(i64 %".1", i64* %".2")
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
  %".9" = lshr i64 %".6", 1
  %".10" = icmp eq i64 %".9", 9222386874436288512
  %".11" = or i1 %".8", %".10"
  %".12" = lshr i64 %".6", 51
  %".13" = icmp ne i64 %".12", 8191
  %".14" = or i1 %".11", %".13"
  br i1 %".14", label %"ok_unexpected_value", label %"bail_unexpected_value", !prof !0
ok_unexpected_value:
  %".17" = lshr i64 %".6", 48
  %".18" = icmp eq i64 %".17", 65528
  br i1 %".18", label %"ok_not_small_int", label %"bail_not_small_int", !prof !0
bail_unexpected_value:
  ret i32 4
ok_not_small_int:
  %".21" = shl i64 %".6", 16
  %".22" = ashr i64 %".21", 16
  %".23" = lshr i64 %".6", 48
  %".24" = icmp eq i64 %".23", 65528
  br i1 %".24", label %"ok_not_small_int.1", label %"bail_not_small_int", !prof !0
bail_not_small_int:
  ret i32 1
ok_not_small_int.1:
  %".26" = shl i64 %".6", 16
  %".27" = ashr i64 %".26", 16
  %".28" = add nsw i64 %".27", %".22"
  %".29" = shl i64 %".28", 16
  %".30" = ashr i64 %".29", 16
  %".31" = icmp eq i64 %".30", %".28"
  br i1 %".31", label %"ok_overflow", label %"bail_overflow", !prof !0
ok_overflow:
  %".34" = and i64 %".28", 281474976710655
  %".35" = or i64 %".34", -2251799813685248
  store i64 %".35", i64* %".2"
  ret i32 0
bail_overflow:
  ret i32 2
}
