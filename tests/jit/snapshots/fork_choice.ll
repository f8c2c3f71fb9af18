define internal i64 @"snap_fork_choice.f0"(i64 %".1", i64 %".2", {i64*, i64, i64}* %".3")
{
entry:
  %"s0" = alloca i64
  %"l0" = alloca i64
  store i64 %".2", i64* %"l0"
  %"cp_sp" = alloca i64
  store i64 0, i64* %"cp_sp"
  %"cp_stack" = alloca [1 x i32]
  %"c0l0" = alloca i64
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
resume0:
  %".93" = load i64, i64* %"cp_sp"
  %".94" = sub i64 %".93", 1
  store i64 %".94", i64* %"cp_sp"
  %".96" = load i64, i64* %"c0l0"
  store i64 %".96", i64* %"l0"
  br label %"L5"
ok_depth:
  br label %"L0"
bail_depth:
  store i32 8, i32* @"snap_fork_choice.reason"
  ret i64 -281474976710656
L0:
  %".21" = load i64, i64* %"l0"
  store i64 %".21", i64* %"c0l0"
  %".23" = load i64, i64* %"cp_sp"
  %".24" = getelementptr inbounds [1 x i32], [1 x i32]* %"cp_stack", i32 0, i64 %".23"
  store i32 0, i32* %".24"
  %".26" = add i64 %".23", 1
  store i64 %".26", i64* %"cp_sp"
  br label %"L2"
L2:
  %".29" = load i64, i64* %"l0"
  %".30" = lshr i64 %".29", 48
  %".31" = icmp eq i64 %".30", 65528
  %".32" = lshr i64 %".29", 1
  %".33" = icmp eq i64 %".32", 9222386874436288512
  %".34" = or i1 %".31", %".33"
  %".35" = lshr i64 %".29", 51
  %".36" = icmp ne i64 %".35", 8191
  %".37" = or i1 %".34", %".36"
  %".38" = xor i1 %".37", -1
  br i1 %".38", label %"L2.if", label %"L2.endif", !prof !1
L5:
  %".59" = load i64, i64* %"l0"
  %".60" = lshr i64 %".59", 48
  %".61" = icmp eq i64 %".60", 65528
  %".62" = lshr i64 %".59", 1
  %".63" = icmp eq i64 %".62", 9222386874436288512
  %".64" = or i1 %".61", %".63"
  %".65" = lshr i64 %".59", 51
  %".66" = icmp ne i64 %".65", 8191
  %".67" = or i1 %".64", %".66"
  %".68" = xor i1 %".67", -1
  br i1 %".68", label %"L5.if", label %"L5.endif", !prof !1
L2.if:
  %".40" = call i1 @"rt_word_inert"(i64 %".29")
  br i1 %".40", label %"ok_term", label %"bail_term", !prof !0
L2.endif:
  %".45" = call i32 @"rt_collect_push"({i64*, i64, i64}* %".3", i64 %".29")
  %".46" = icmp ne i32 %".45", 0
  br i1 %".46", label %"ok_no_memory", label %"bail_no_memory", !prof !0
ok_term:
  br label %"L2.endif"
bail_term:
  store i32 10, i32* @"snap_fork_choice.reason"
  ret i64 -281474976710656
ok_no_memory:
  br label %"backtrack"
bail_no_memory:
  store i32 7, i32* @"snap_fork_choice.reason"
  ret i64 -281474976710656
backtrack:
  %".50" = load i64, i64* %"cp_sp"
  %".51" = icmp eq i64 %".50", 0
  br i1 %".51", label %"exhausted", label %"dispatch"
exhausted:
  ret i64 0
dispatch:
  %".53" = sub i64 %".50", 1
  %".54" = getelementptr inbounds [1 x i32], [1 x i32]* %"cp_stack", i32 0, i64 %".53"
  %".55" = load i32, i32* %".54"
  switch i32 %".55", label %"exhausted" [i32 0, label %"resume0"]
L5.if:
  %".70" = call i1 @"rt_word_inert"(i64 %".59")
  br i1 %".70", label %"ok_term.1", label %"bail_term", !prof !0
L5.endif:
  %".73" = lshr i64 %".59", 48
  %".74" = icmp eq i64 %".73", 65528
  br i1 %".74", label %"ok_not_small_int", label %"bail_not_small_int", !prof !0
ok_term.1:
  br label %"L5.endif"
ok_not_small_int:
  %".78" = shl i64 %".59", 16
  %".79" = ashr i64 %".78", 16
  %".80" = add nsw i64 %".79", 1
  %".81" = shl i64 %".80", 16
  %".82" = ashr i64 %".81", 16
  %".83" = icmp eq i64 %".82", %".80"
  br i1 %".83", label %"ok_overflow", label %"bail_overflow", !prof !0
bail_not_small_int:
  store i32 1, i32* @"snap_fork_choice.reason"
  ret i64 -281474976710656
ok_overflow:
  %".87" = and i64 %".80", 281474976710655
  %".88" = or i64 %".87", -2251799813685248
  %".89" = call i32 @"rt_collect_push"({i64*, i64, i64}* %".3", i64 %".88")
  %".90" = icmp ne i32 %".89", 0
  br i1 %".90", label %"ok_no_memory.1", label %"bail_no_memory", !prof !0
bail_overflow:
  store i32 2, i32* @"snap_fork_choice.reason"
  ret i64 -281474976710656
ok_no_memory.1:
  br label %"backtrack"
}
