define internal i64 @"snap_match.f0"(i64 %".1", i64 %".2", {i64*, i64, i64}* %".3")
{
entry:
  %"s0" = alloca i64
  %"l0" = alloca i64
  %"l1" = alloca i64
  %"l2" = alloca i64
  store i64 %".2", i64* %"l0"
  store i64 -1407374883553280, i64* %"l1"
  store i64 -1407374883553280, i64* %"l2"
  %"cp_sp" = alloca i64
  store i64 0, i64* %"cp_sp"
  %"cp_stack" = alloca [1 x i32]
  %"c0l0" = alloca i64
  %"c0l1" = alloca i64
  %"c0l2" = alloca i64
  %"c0coll" = alloca {i64*, i64, i64}
  store {i64*, i64, i64} zeroinitializer, {i64*, i64, i64}* %"c0coll"
  %"c0i" = alloca i64
  %".10" = inttoptr i64 ptrtoint (i8* @"rt_stack" to i64) to {i64, i64}*
  %".11" = getelementptr inbounds {i64, i64}, {i64, i64}* %".10", i32 0, i32 0
  %".12" = load i64, i64* %".11"
  %".13" = getelementptr inbounds {i64, i64}, {i64, i64}* %".10", i32 0, i32 1
  %".14" = load i64, i64* %".13"
  %".15" = call i8* @"llvm.stacksave"()
  %".16" = ptrtoint i8* %".15" to i64
  %".17" = icmp ugt i64 %".16", %".12"
  %".18" = icmp slt i64 %".1", %".14"
  %".19" = and i1 %".17", %".18"
  br i1 %".19", label %"ok_depth", label %"bail_depth", !prof !0
resume0:
  %".84" = load i64, i64* %"c0i"
  %".85" = getelementptr inbounds {i64*, i64, i64}, {i64*, i64, i64}* %"c0coll", i32 0, i32 1
  %".86" = load i64, i64* %".85"
  %".87" = icmp slt i64 %".84", %".86"
  br i1 %".87", label %"next0", label %"gone0"
ok_depth:
  br label %"L0"
bail_depth:
  store i32 8, i32* @"snap_match.reason"
  call void @"rt_collect_free"({i64*, i64, i64}* %"c0coll")
  ret i64 -281474976710656
L0:
  %".25" = load i64, i64* @"rt_sym.ha6f33601fa4bb35be319c1ee"
  %".26" = call i64 @"rt_space_token"(i64 %".25")
  %".27" = load i64, i64* %"l0"
  %".28" = getelementptr inbounds [1 x i64], [1 x i64]* @"snap_match.f0.m0", i32 0, i32 0
  store i64 %".27", i64* %".28"
  %".30" = bitcast [1 x i64]* @"snap_match.f0.m0" to i8*
  %".31" = call i32 @"rt_space_match"(i64 4048393276732531182, i64 4422333371044415188, i64 %".26", i8* %".30", i64 1, {i64*, i64, i64}* %"c0coll")
  %".32" = icmp ne i32 %".31", 2
  br i1 %".32", label %"ok_no_memory", label %"bail_no_memory", !prof !0
L6:
  %".55" = load i64, i64* %"l2"
  %".56" = lshr i64 %".55", 48
  %".57" = icmp eq i64 %".56", 65528
  %".58" = lshr i64 %".55", 1
  %".59" = icmp eq i64 %".58", 9222386874436288512
  %".60" = or i1 %".57", %".59"
  %".61" = lshr i64 %".55", 51
  %".62" = icmp ne i64 %".61", 8191
  %".63" = or i1 %".60", %".62"
  %".64" = xor i1 %".63", -1
  br i1 %".64", label %"L6.if", label %"L6.endif", !prof !1
ok_no_memory:
  %".37" = icmp eq i32 %".31", 0
  br i1 %".37", label %"ok_space", label %"bail_space", !prof !0
bail_no_memory:
  store i32 7, i32* @"snap_match.reason"
  call void @"rt_collect_free"({i64*, i64, i64}* %"c0coll")
  ret i64 -281474976710656
ok_space:
  %".42" = load i64, i64* %"l0"
  store i64 %".42", i64* %"c0l0"
  %".44" = load i64, i64* %"l1"
  store i64 %".44", i64* %"c0l1"
  %".46" = load i64, i64* %"l2"
  store i64 %".46", i64* %"c0l2"
  %".48" = load i64, i64* %"cp_sp"
  %".49" = getelementptr inbounds [1 x i32], [1 x i32]* %"cp_stack", i32 0, i64 %".48"
  store i32 0, i32* %".49"
  %".51" = add i64 %".48", 1
  store i64 %".51", i64* %"cp_sp"
  store i64 0, i64* %"c0i"
  br label %"resume0"
bail_space:
  store i32 12, i32* @"snap_match.reason"
  call void @"rt_collect_free"({i64*, i64, i64}* %"c0coll")
  ret i64 -281474976710656
L6.if:
  %".66" = call i1 @"rt_word_inert"(i64 %".55")
  br i1 %".66", label %"ok_term", label %"bail_term", !prof !0
L6.endif:
  %".72" = call i32 @"rt_collect_push"({i64*, i64, i64}* %".3", i64 %".55")
  %".73" = icmp ne i32 %".72", 0
  br i1 %".73", label %"ok_no_memory.1", label %"bail_no_memory", !prof !0
ok_term:
  br label %"L6.endif"
bail_term:
  store i32 10, i32* @"snap_match.reason"
  call void @"rt_collect_free"({i64*, i64, i64}* %"c0coll")
  ret i64 -281474976710656
ok_no_memory.1:
  br label %"backtrack"
backtrack:
  %".75" = load i64, i64* %"cp_sp"
  %".76" = icmp eq i64 %".75", 0
  br i1 %".76", label %"exhausted", label %"dispatch"
exhausted:
  ret i64 0
dispatch:
  %".78" = sub i64 %".75", 1
  %".79" = getelementptr inbounds [1 x i32], [1 x i32]* %"cp_stack", i32 0, i64 %".78"
  %".80" = load i32, i32* %".79"
  switch i32 %".80", label %"exhausted" [i32 0, label %"resume0"]
next0:
  %".94" = load i64, i64* %"c0l0"
  store i64 %".94", i64* %"l0"
  %".96" = load i64, i64* %"c0l1"
  store i64 %".96", i64* %"l1"
  %".98" = load i64, i64* %"c0l2"
  store i64 %".98", i64* %"l2"
  %".100" = getelementptr inbounds {i64*, i64, i64}, {i64*, i64, i64}* %"c0coll", i32 0, i32 0
  %".101" = load i64*, i64** %".100"
  %".102" = getelementptr inbounds i64, i64* %".101", i64 %".84"
  %".103" = load i64, i64* %".102"
  store i64 %".103", i64* %"l2"
  %".105" = add i64 %".84", 1
  store i64 %".105", i64* %"c0i"
  br label %"L6"
gone0:
  call void @"rt_collect_free"({i64*, i64, i64}* %"c0coll")
  %".90" = load i64, i64* %"cp_sp"
  %".91" = sub i64 %".90", 1
  store i64 %".91", i64* %"cp_sp"
  br label %"backtrack"
}
