define i32 @"snap_le"(i64 %".1", i64 %".2", i64* %".3")
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
  %".21" = icmp sle i64 %".20", %".15"
  %".22" = zext i1 %".21" to i64
  %".23" = or i64 %".22", -1970324836974592
  store i64 %".23", i64* %".3"
  ret i32 0
}
