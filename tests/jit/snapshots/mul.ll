define i32 @"snap_mul"(i64 %".1", i64 %".2", i64* %".3")
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
  %".21" = call {i64, i1} @"llvm.smul.with.overflow.i64"(i64 %".20", i64 %".15")
  %".22" = extractvalue {i64, i1} %".21", 1
  %".23" = xor i1 %".22", -1
  br i1 %".23", label %"ok_overflow", label %"bail_overflow", !prof !0
ok_overflow:
  %".26" = extractvalue {i64, i1} %".21", 0
  %".27" = shl i64 %".26", 16
  %".28" = ashr i64 %".27", 16
  %".29" = icmp eq i64 %".28", %".26"
  br i1 %".29", label %"ok_overflow.1", label %"bail_overflow", !prof !0
bail_overflow:
  ret i32 2
ok_overflow.1:
  %".31" = and i64 %".26", 281474976710655
  %".32" = or i64 %".31", -2251799813685248
  store i64 %".32", i64* %".3"
  ret i32 0
}
