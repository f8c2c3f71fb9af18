define internal i64 @"snap_yield.f0"(i64 %".1", i64 %".2")
{
entry:
  %"s0" = alloca i64
  %"l0" = alloca i64
  store i64 %".2", i64* %"l0"
  %"cp_sp" = alloca i64
  store i64 0, i64* %"cp_sp"
  %"cp_stack" = alloca [2 x i32]
  %"c0l0" = alloca i64
  %"c0coll" = alloca {i64*, i64, i64}
  store {i64*, i64, i64} zeroinitializer, {i64*, i64, i64}* %"c0coll"
  %"collected" = alloca i64
  %"c1l0" = alloca i64
  %"c1coll" = alloca {i64*, i64, i64}
  store {i64*, i64, i64} zeroinitializer, {i64*, i64, i64}* %"c1coll"
  %"c1i" = alloca i64
  %".8" = inttoptr i64 ptrtoint (i8* @"rt_stack" to i64) to {i64, i64}*
  %".9" = getelementptr inbounds {i64, i64}, {i64, i64}* %".8", i32 0, i32 0
  %".10" = load i64, i64* %".9"
  %".11" = getelementptr inbounds {i64, i64}, {i64, i64}* %".8", i32 0, i32 1
  %".12" = load i64, i64* %".11"
  %".13" = call i8* @"llvm.stacksave"()
  %".14" = ptrtoint i8* %".13" to i64
  %".15" = icmp ugt i64 %".14", %".10"
  %".16" = icmp slt i64 %".1", %".12"
  %".17" = and i1 %".15", %".16"
  br i1 %".17", label %"ok_depth", label %"bail_depth", !prof !0
resume0:
  %".107" = load i64, i64* %"cp_sp"
  %".108" = sub i64 %".107", 1
  store i64 %".108", i64* %"cp_sp"
  %".110" = load i64, i64* %"c0l0"
  store i64 %".110", i64* %"l0"
  %".112" = call i64 @"rt_collect_expression"({i64*, i64, i64}* %"c0coll")
  call void @"rt_collect_free"({i64*, i64, i64}* %"c0coll")
  %".114" = icmp ne i64 %".112", -281474976710656
  br i1 %".114", label %"ok_no_memory.1", label %"bail_no_memory", !prof !0
resume1:
  %".118" = load i64, i64* %"c1i"
  %".119" = getelementptr inbounds {i64*, i64, i64}, {i64*, i64, i64}* %"c1coll", i32 0, i32 1
  %".120" = load i64, i64* %".119"
  %".121" = icmp slt i64 %".118", %".120"
  br i1 %".121", label %"next1", label %"gone1"
ok_depth:
  br label %"L0"
bail_depth:
  store i32 8, i32* @"snap_yield.reason"
  call void @"rt_collect_free"({i64*, i64, i64}* %"c0coll")
  call void @"rt_collect_free"({i64*, i64, i64}* %"c1coll")
  ret i64 -281474976710656
L0:
  %".24" = load i64, i64* %"l0"
  store i64 %".24", i64* %"c0l0"
  %".26" = load i64, i64* %"cp_sp"
  %".27" = getelementptr inbounds [2 x i32], [2 x i32]* %"cp_stack", i32 0, i64 %".26"
  store i32 0, i32* %".27"
  %".29" = add i64 %".26", 1
  store i64 %".29", i64* %"cp_sp"
  br label %"L2"
L2:
  %".32" = load i64, i64* %"l0"
  %".33" = lshr i64 %".32", 48
  %".34" = icmp eq i64 %".33", 65528
  %".35" = lshr i64 %".32", 1
  %".36" = icmp eq i64 %".35", 9222386874436288512
  %".37" = or i1 %".34", %".36"
  %".38" = lshr i64 %".32", 51
  %".39" = icmp ne i64 %".38", 8191
  %".40" = or i1 %".37", %".39"
  %".41" = xor i1 %".40", -1
  br i1 %".41", label %"L2.if", label %"L2.endif", !prof !1
L7:
  %".84" = load i64, i64* %"s0"
  %".85" = call i32 @"rt_collect_push"({i64*, i64, i64}* %"c0coll", i64 %".84")
  %".86" = icmp ne i32 %".85", 0
  br i1 %".86", label %"ok_no_memory", label %"bail_no_memory", !prof !0
L8:
  %".105" = load i64, i64* %"collected"
  ret i64 %".105"
L2.if:
  %".43" = call i1 @"rt_word_inert"(i64 %".32")
  br i1 %".43", label %"ok_term", label %"bail_term", !prof !0
L2.endif:
  %".50" = inttoptr i64 ptrtoint (i8* @"rt_native_steps" to i64) to i64*
  %".51" = getelementptr inbounds i64, i64* %".50", i64 0
  %".52" = getelementptr inbounds i64, i64* %".50", i64 1
  %".53" = load i64, i64* %".51"
  %".54" = add i64 %".53", 1
  store i64 %".54", i64* %".51"
  %".56" = load i64, i64* %".52"
  %".57" = icmp sgt i64 %".54", %".56"
  br i1 %".57", label %"poll", label %"stepped", !prof !2
ok_term:
  br label %"L2.endif"
bail_term:
  store i32 10, i32* @"snap_yield.reason"
  call void @"rt_collect_free"({i64*, i64, i64}* %"c0coll")
  call void @"rt_collect_free"({i64*, i64, i64}* %"c1coll")
  ret i64 -281474976710656
poll:
  %".59" = call i32 @"rt_poll"()
  %".60" = icmp eq i32 %".59", 0
  br i1 %".60", label %"stepped", label %"bail_stopped"
stepped:
  %".66" = call i1 @"rt_word_callable"(i64 %".32")
  br i1 %".66", label %"ok_term.1", label %"bail_term", !prof !0
bail_stopped:
  store i32 9, i32* @"snap_yield.reason"
  call void @"rt_collect_free"({i64*, i64, i64}* %"c0coll")
  call void @"rt_collect_free"({i64*, i64, i64}* %"c1coll")
  ret i64 -281474976710656
ok_term.1:
  %".68" = add nuw i64 %".1", 1
  %".69" = call i64 @"snap_yield.f1"(i64 %".68", i64 %".32", {i64*, i64, i64}* %"c1coll")
  %".70" = icmp eq i64 %".69", -281474976710656
  br i1 %".70", label %"propagate", label %"called", !prof !3
called:
  %".75" = load i64, i64* %"l0"
  store i64 %".75", i64* %"c1l0"
  %".77" = load i64, i64* %"cp_sp"
  %".78" = getelementptr inbounds [2 x i32], [2 x i32]* %"cp_stack", i32 0, i64 %".77"
  store i32 1, i32* %".78"
  %".80" = add i64 %".77", 1
  store i64 %".80", i64* %"cp_sp"
  store i64 0, i64* %"c1i"
  br label %"resume1"
propagate:
  call void @"rt_collect_free"({i64*, i64, i64}* %"c0coll")
  call void @"rt_collect_free"({i64*, i64, i64}* %"c1coll")
  ret i64 -281474976710656
ok_no_memory:
  br label %"backtrack"
bail_no_memory:
  store i32 7, i32* @"snap_yield.reason"
  call void @"rt_collect_free"({i64*, i64, i64}* %"c0coll")
  call void @"rt_collect_free"({i64*, i64, i64}* %"c1coll")
  ret i64 -281474976710656
backtrack:
  %".92" = load i64, i64* %"cp_sp"
  %".93" = icmp eq i64 %".92", 0
  br i1 %".93", label %"exhausted", label %"dispatch"
exhausted:
  br label %"bail_choice"
dispatch:
  %".95" = sub i64 %".92", 1
  %".96" = getelementptr inbounds [2 x i32], [2 x i32]* %"cp_stack", i32 0, i64 %".95"
  %".97" = load i32, i32* %".96"
  switch i32 %".97", label %"exhausted" [i32 0, label %"resume0" i32 1, label %"resume1"]
bail_choice:
  store i32 11, i32* @"snap_yield.reason"
  call void @"rt_collect_free"({i64*, i64, i64}* %"c0coll")
  call void @"rt_collect_free"({i64*, i64, i64}* %"c1coll")
  ret i64 -281474976710656
ok_no_memory.1:
  store i64 %".112", i64* %"collected"
  br label %"L8"
next1:
  %".128" = load i64, i64* %"c1l0"
  store i64 %".128", i64* %"l0"
  %".130" = getelementptr inbounds {i64*, i64, i64}, {i64*, i64, i64}* %"c1coll", i32 0, i32 0
  %".131" = load i64*, i64** %".130"
  %".132" = getelementptr inbounds i64, i64* %".131", i64 %".118"
  %".133" = load i64, i64* %".132"
  %".134" = add i64 %".118", 1
  store i64 %".134", i64* %"c1i"
  store i64 %".133", i64* %"s0"
  br label %"L7"
gone1:
  call void @"rt_collect_free"({i64*, i64, i64}* %"c1coll")
  %".124" = load i64, i64* %"cp_sp"
  %".125" = sub i64 %".124", 1
  store i64 %".125", i64* %"cp_sp"
  br label %"backtrack"
}
