define internal i64 @"snap_fail.f0"(i64 %".1", i64 %".2", {i64*, i64, i64}* %".3")
{
entry:
  %"s0" = alloca i64
  %"l0" = alloca i64
  store i64 %".2", i64* %"l0"
  %"cp_sp" = alloca i64
  store i64 0, i64* %"cp_sp"
  %"cp_stack" = alloca [1 x i32]
  %".7" = inttoptr i64 ptrtoint (i8* @"rt_stack" to i64) to {i64, i64}*
  %".8" = getelementptr inbounds {i64, i64}, {i64, i64}* %".7", i32 0, i32 0
  %".9" = load i64, i64* %".8"
  %".10" = getelementptr inbounds {i64, i64}, {i64, i64}* %".7", i32 0, i32 1
  %".11" = load i64, i64* %".10"
  %".12" = call i8* @"llvm.stacksave"()
  %".13" = ptrtoint i8* %".12" to i64
  %".14" = icmp ugt i64 %".13", %".9"
  %".15" = icmp slt i64 %".1", %".11"
  %".16" = and i1 %".14", %".15"
  br i1 %".16", label %"ok_depth", label %"bail_depth", !prof !0
ok_depth:
  br label %"L0"
bail_depth:
  store i32 8, i32* @"snap_fail.reason"
  ret i64 -281474976710656
L0:
  %".21" = load i64, i64* %"l0"
  %".22" = lshr i64 %".21", 48
  %".23" = icmp eq i64 %".22", 65528
  %".24" = lshr i64 %".21", 1
  %".25" = icmp eq i64 %".24", 9222386874436288512
  %".26" = or i1 %".23", %".25"
  %".27" = lshr i64 %".21", 51
  %".28" = icmp ne i64 %".27", 8191
  %".29" = or i1 %".26", %".28"
  %".30" = xor i1 %".29", -1
  br i1 %".30", label %"L0.if", label %"L0.endif", !prof !1
L8:
  %".46" = load i64, i64* %"l0"
  %".47" = lshr i64 %".46", 48
  %".48" = icmp eq i64 %".47", 65528
  %".49" = lshr i64 %".46", 1
  %".50" = icmp eq i64 %".49", 9222386874436288512
  %".51" = or i1 %".48", %".50"
  %".52" = lshr i64 %".46", 51
  %".53" = icmp ne i64 %".52", 8191
  %".54" = or i1 %".51", %".53"
  %".55" = xor i1 %".54", -1
  br i1 %".55", label %"L8.if", label %"L8.endif", !prof !1
L11:
  br label %"backtrack"
L0.if:
  %".32" = call i1 @"rt_word_inert"(i64 %".21")
  br i1 %".32", label %"ok_term", label %"bail_term", !prof !0
L0.endif:
  %".37" = lshr i64 %".21", 48
  %".38" = icmp eq i64 %".37", 65528
  br i1 %".38", label %"ok_not_small_int", label %"bail_not_small_int", !prof !0
ok_term:
  br label %"L0.endif"
bail_term:
  store i32 10, i32* @"snap_fail.reason"
  ret i64 -281474976710656
ok_not_small_int:
  %".42" = shl i64 %".21", 16
  %".43" = ashr i64 %".42", 16
  %".44" = icmp sgt i64 %".43", 1
  br i1 %".44", label %"L8", label %"L11"
bail_not_small_int:
  store i32 1, i32* @"snap_fail.reason"
  ret i64 -281474976710656
L8.if:
  %".57" = call i1 @"rt_word_inert"(i64 %".46")
  br i1 %".57", label %"ok_term.1", label %"bail_term", !prof !0
L8.endif:
  %".60" = call i32 @"rt_collect_push"({i64*, i64, i64}* %".3", i64 %".46")
  %".61" = icmp ne i32 %".60", 0
  br i1 %".61", label %"ok_no_memory", label %"bail_no_memory", !prof !0
ok_term.1:
  br label %"L8.endif"
ok_no_memory:
  br label %"backtrack"
bail_no_memory:
  store i32 7, i32* @"snap_fail.reason"
  ret i64 -281474976710656
backtrack:
  br label %"exhausted"
exhausted:
  ret i64 0
}
